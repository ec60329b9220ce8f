"""FHIR mappers: every instrument's Questionnaire, and responses → QuestionnaireResponse + total."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from fhir.resources.R4B.resource import Resource

from ketacare.domain.instruments import INSTRUMENTS
from ketacare.fhir.bundle import canonical_json
from ketacare.fhir.observation import TOTAL_SYSTEM, total_observation_for
from ketacare.fhir.questionnaire import LOINC_SYSTEM, questionnaire_for, questionnaire_url
from ketacare.fhir.questionnaire_response import AMENDS_EXTENSION, questionnaire_response_for
from ketacare.measures.models import QuestionnaireResponse as StoredResponse
from ketacare.measures.services import response_amend, response_submit
from tests.conftest import World
from tests.measures.helpers import lowest_answers

CODES = list(INSTRUMENTS)
LICENSED = [code for code, spec in INSTRUMENTS.items() if not spec.licence.ships_wording]
# Skip logic that "every required item at its lowest" does not satisfy on its own.
COMPLETIONS: dict[str, dict[str, object]] = {"QIDS-SR16": {"6": 0, "8": 0}}


def round_trip(resource: Resource, model: type[Resource]) -> dict[str, Any]:  # Any: FHIR JSON
    """Parse a resource's JSON back through ``fhir.resources`` and return it as plain JSON."""
    text = canonical_json(resource)
    parsed = model.model_validate_json(text)
    assert canonical_json(parsed) == text
    data: dict[str, Any] = json.loads(text)  # Any: FHIR JSON
    return data


def loinc_codes(node: object) -> set[str]:
    """Every LOINC code anywhere in a resource's JSON."""
    if isinstance(node, list):
        return set().union(*(loinc_codes(value) for value in node))
    if not isinstance(node, dict):
        return set()
    found = {str(node["code"])} if node.get("system") == LOINC_SYSTEM else set()
    return found.union(*(loinc_codes(value) for value in node.values()))


@pytest.mark.parametrize("code", CODES)
def test_every_instrument_questionnaire_round_trips_through_fhir_resources(code: str) -> None:
    spec = INSTRUMENTS[code]

    data = round_trip(questionnaire_for(spec), Questionnaire)

    assert data["resourceType"] == "Questionnaire"
    assert data["url"] == questionnaire_url(code)
    assert data["version"] == spec.version
    assert data["status"] == "active"
    assert [item["linkId"] for item in data["item"]] == [item.key for item in spec.items]


@pytest.mark.parametrize("code", CODES)
def test_questionnaire_carries_loinc_only_where_the_instrument_declares_it(code: str) -> None:
    spec = INSTRUMENTS[code]
    declared = {spec.loinc.panel, *spec.loinc.items.values()} - {None}

    data = round_trip(questionnaire_for(spec), Questionnaire)

    assert loinc_codes(data) == declared
    if spec.loinc.panel is None:
        assert "code" not in data
    else:
        assert [coding["code"] for coding in data["code"]] == [spec.loinc.panel]


@pytest.mark.parametrize("code", CODES)
def test_item_wording_ships_only_where_the_licence_allows(code: str) -> None:
    spec = INSTRUMENTS[code]

    data = round_trip(questionnaire_for(spec), Questionnaire)

    texts = [item["text"] for item in data["item"]]
    if spec.licence.ships_wording:
        assert texts == [item.label for item in spec.items]
    else:
        assert texts == [f"Item {item.key} (see licensed form)" for item in spec.items]
    assert spec.licence.holder in data["copyright"]


@pytest.mark.parametrize("code", LICENSED)
def test_licensed_questionnaire_reproduces_no_anchor_wording(code: str) -> None:
    spec = INSTRUMENTS[code]
    anchors = {o.label for item in spec.items for o in item.options if len(o.label) > 3}

    text = canonical_json(questionnaire_for(spec))

    assert all(f'"{anchor}"' not in text for anchor in anchors)
    assert '"valueCoding"' not in text


def _submit(world: World, code: str) -> StoredResponse:
    return response_submit(
        actor=world.practitioner_a,
        client=world.client_a1,
        instrument_code=code,
        answers={**lowest_answers(INSTRUMENTS[code]), **COMPLETIONS.get(code, {})},
    )


def _total(observation: dict[str, Any]) -> Decimal:  # Any: FHIR JSON
    value = observation.get("valueInteger", observation.get("valueQuantity", {}).get("value"))
    return Decimal(str(value))


@pytest.mark.django_db
@pytest.mark.parametrize("code", CODES)
def test_response_maps_to_a_valid_questionnaire_response_and_total(world: World, code: str) -> None:
    stored = _submit(world, code)

    qr = round_trip(questionnaire_response_for(stored), QuestionnaireResponse)
    observation = total_observation_for(stored)

    assert qr["status"] == "completed"
    assert qr["questionnaire"] == f"{questionnaire_url(code)}|{stored.instrument_version}"
    assert qr["subject"] == {"reference": f"Patient/{world.client_a1.public_id}"}
    assert {item["linkId"] for item in qr["item"]} == set(stored.answers)
    if stored.total is None:
        assert observation is None
        return
    assert observation is not None
    obs = round_trip(observation, Observation)
    assert _total(obs) == stored.total
    assert obs["derivedFrom"] == [{"reference": f"urn:uuid:{stored.public_id}"}]
    assert obs["status"] == "final"
    assert obs["category"][0]["coding"][0]["code"] == "survey"
    system = LOINC_SYSTEM if INSTRUMENTS[code].loinc.total else TOTAL_SYSTEM
    assert obs["code"]["coding"][0]["system"] == system


@pytest.mark.django_db
def test_phq9_total_observation_has_the_loinc_total_and_band(world: World) -> None:
    stored = response_submit(
        actor=world.practitioner_a,
        client=world.client_a1,
        instrument_code="PHQ-9",
        answers={**{str(n): 0 for n in range(1, 10)}, "1": 3, "2": 3, "3": 3, "4": 2},
    )

    observation = total_observation_for(stored)

    assert observation is not None
    obs = round_trip(observation, Observation)
    assert obs["valueInteger"] == 11
    assert obs["code"]["coding"][0]["code"] == "44261-6"
    assert obs["interpretation"] == [{"text": stored.band}]
    assert stored.band == "moderate"


@pytest.mark.django_db
def test_continuous_answers_map_to_decimals(world: World) -> None:
    stored = _submit(world, "EDI")

    qr = round_trip(questionnaire_response_for(stored), QuestionnaireResponse)

    assert all("valueDecimal" in item["answer"][0] for item in qr["item"])


@pytest.mark.django_db
def test_amendment_maps_to_amended_status_pointing_at_the_original(world: World) -> None:
    original = _submit(world, "PHQ-2")
    amendment = response_amend(
        actor=world.practitioner_a, original=original, answers={"1": 1, "2": 1}
    )

    qr = round_trip(questionnaire_response_for(amendment), QuestionnaireResponse)
    observation = total_observation_for(amendment)

    assert qr["status"] == "amended"
    assert qr["extension"] == [
        {"url": AMENDS_EXTENSION, "valueReference": {"reference": f"urn:uuid:{original.public_id}"}}
    ]
    assert observation is not None
    obs = round_trip(observation, Observation)
    assert obs["status"] == "amended"
    assert obs["valueInteger"] == 2
    assert questionnaire_response_for(original).status == "completed"
