"""Signal receivers: a discharged dosing session generates its follow-ups."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from ketacare.treatments.signals import session_discharged


@receiver(session_discharged, dispatch_uid="integration.follow_ups_on_discharge")
def _follow_ups_on_discharge(sender: Any, session: Any, **kwargs: Any) -> None:  # Any: signal API
    # Imported here so the app registry is ready before models load.
    from ketacare.integration.follow_ups import follow_ups_generate  # noqa: PLC0415

    follow_ups_generate(session=session)
