from __future__ import annotations

from tests.conftest import World, signed_in


def test_client_home_shows_own_first_name(world: World) -> None:
    response = signed_in(world.client_a1.user).get("/")

    assert response.status_code == 200
    assert b"ZZ-SENTINEL-A1" in response.content
    assert b"ZZ-SENTINEL-A2" not in response.content
