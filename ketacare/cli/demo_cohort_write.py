"""The batch writer of the demo cohort: one batch of clients, every table, and their alerts.

Rows are `bulk_create`d with their historical `created_at` (the demo shows when things
happened, not when the seed ran). Threshold-crossing values go through the real rules and
raise alerts through the same functions the services use (docs/demo.md, "Alert policy").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt
from django.db import models

from ketacare.accounts.models import Practice, User
from ketacare.alerts.models import Alert, AlertSeverity
from ketacare.alerts.services import alert_raise
from ketacare.audit.services import AuditAction, audit_record
from ketacare.cli import demo_cohort_history as history
from ketacare.cli import demo_cohort_rows as rows
from ketacare.clients.models import CareTeamMember, Client, ClientStatus
from ketacare.domain.cohort import Cohort
from ketacare.domain.instruments import Instrument, lookup
from ketacare.domain.integration_rules import DropPolicy
from ketacare.domain.protocols import PROTOCOLS
from ketacare.domain.screening import DEFAULT_POLICY, Severity, parse_profile, screen
from ketacare.domain.session_safety import Thresholds
from ketacare.preparation.models import (
    ConsentDocument,
    ConsentSignature,
    Decision,
    Intake,
    ScreeningDecision,
    ScreeningResult,
)
from ketacare.preparation.services import SOURCE_TYPE as SCREENING_SOURCE
from ketacare.preparation.steps import LAST_STEP
from ketacare.treatments.models import (
    Course,
)

# Obviously synthetic given names: trees, birds and rivers; the family name says "Demo".
NATURE_NAMES = (
    "Alder", "Wren", "Severn", "Birch", "Heron", "Tamar", "Cedar", "Lark", "Avon", "Hazel",
    "Finch", "Tweed", "Rowan", "Kestrel", "Wye", "Linden", "Plover", "Esk", "Maple", "Swift",
    "Ouse", "Juniper", "Curlew", "Tees",
)  # fmt: skip
_TOTAL_PLACES = Decimal("0.0001")
STAMPED_MODELS: tuple[type[models.Model], ...] = (
    Client, CareTeamMember, Intake, ScreeningResult, ScreeningDecision, ConsentSignature,
    Course,
)  # fmt: skip
IntArray = npt.NDArray[np.int64]


@contextmanager
def explicit_timestamps() -> Iterator[None]:
    """Let `bulk_create` keep the `created_at`/`updated_at` each row is given (history dates)."""
    saved = []
    for model in STAMPED_MODELS:
        for name in ("created_at", "updated_at"):
            stamp: Any = model._meta.get_field(name)  # Any: a DateTimeField
            saved.append((stamp, stamp.auto_now, stamp.auto_now_add))
            stamp.auto_now = stamp.auto_now_add = False
    try:
        yield
    finally:
        for stamp, auto_now, auto_now_add in saved:
            stamp.auto_now, stamp.auto_now_add = auto_now, auto_now_add


def family_marker(seed: int) -> str:
    """The family-name prefix of a seed's clients: "Demo s7-" (the idempotence marker)."""
    return f"Demo s{seed}-"


def _stamp(when: dt.datetime) -> dict[str, dt.datetime]:
    return {"created_at": when, "updated_at": when}


def _bounds(client_column: IntArray, n: int) -> list[tuple[int, int]]:
    edges = np.searchsorted(client_column, np.arange(n + 1))
    return list(zip(edges[:-1].tolist(), edges[1:].tolist(), strict=True))


@dataclass
class RunContext:
    """Everything a batch needs: the cohort as Python lists, the practice and its policies."""

    cohort: Cohort
    seed: int
    practice: Practice
    practitioners: list[User]
    clock: rows.Clock
    today: int
    starts: list[int]
    masks: dict[str, npt.NDArray[np.bool_]]
    limits: Thresholds
    policy: DropPolicy
    consent: ConsentDocument | None
    session_bounds: list[tuple[int, int]]
    response_bounds: list[tuple[int, int]]
    event_bounds: list[tuple[int, int]]
    plans: dict[str, tuple[rows.PlanStep, ...]]
    instruments: dict[str, Instrument]
    rng: np.random.Generator

    @classmethod
    def build(  # noqa: PLR0913  (keyword-only facets of one run)
        cls,
        *,
        cohort: Cohort,
        seed: int,
        practice: Practice,
        practitioners: list[User],
        tz: ZoneInfo,
        today: dt.date,
        starts: IntArray,
        masks: dict[str, npt.NDArray[np.bool_]],
        limits: Thresholds,
        drop_settings: tuple[int, int, int],
        consent: ConsentDocument | None,
    ) -> RunContext:
        """Index the cohort's long tables by client once for every batch."""
        n = cohort.n
        threshold, days, drop = drop_settings
        return cls(
            cohort=cohort,
            seed=seed,
            practice=practice,
            practitioners=practitioners,
            clock=rows.Clock(tz),
            today=today.toordinal(),
            starts=starts.tolist(),
            masks=masks,
            limits=limits,
            policy=DropPolicy(
                low_mood_threshold=threshold, low_mood_days=days, baseline_drop_points=drop
            ),
            consent=consent,
            session_bounds=_bounds(cohort.sessions["client"], n),
            response_bounds=_bounds(cohort.questionnaires["client"], n),
            event_bounds=_bounds(cohort.events["client"], n),
            plans=rows.protocol_plans(),
            instruments={code: lookup(code) for code in ("PHQ-9", "GAD-7")},
            rng=np.random.default_rng([seed, 7919]),  # a stream apart from the generator's
        )

    def horizon(self, i: int) -> int:
        """Days from client ``i``'s course start to today: rows before it are history."""
        return self.today - self.starts[i]

    def column(self, name: str, i: int) -> Any:  # Any: a NumPy scalar as a Python value
        """Client ``i``'s value of a per-client column."""
        return self.cohort.clients[name][i].item()


def _client_status(run: RunContext, i: int) -> str:
    if run.column("follow_end", i) < run.horizon(i):
        return ClientStatus.DISCHARGED
    if run.horizon(i) <= run.column("induction_end", i):
        return ClientStatus.IN_TREATMENT
    return ClientStatus.INTEGRATING


@dataclass
class BatchWriter:
    """Writes batches of clients; keeps the run's counts and the alerts it raised."""

    run: RunContext
    counts: Counter[str] = field(default_factory=Counter)
    raised: list[tuple[int, dt.datetime, User]] = field(default_factory=list)

    def write(self, lo: int, hi: int) -> None:
        """Write clients ``lo``…``hi - 1`` (cohort indices) and everything they did."""
        with explicit_timestamps():
            clients = self._clients(lo, hi)
            per_client = [Counter[str]() for _ in clients]
            self._preparation(clients, lo)
            ends = history.write_treatment(self, clients, lo, per_client)
            history.write_responses(self, clients, lo, per_client)
            history.write_engagement(self, clients, lo, ends, per_client)
        for client, counts in zip(clients, per_client, strict=True):
            self.counts.update(counts)
            audit_record(
                actor=None,
                action=AuditAction.CREATE,
                obj=client,
                extra={"demo_cohort_seed": self.run.seed, **counts},
            )

    def practitioner(self, i: int) -> User:
        return self.run.practitioners[i % len(self.run.practitioners)]

    def note_alerts(self, alerts: Sequence[Alert], when: dt.datetime, i: int) -> None:
        """Date each alert at its source record's time and remember it for the summary."""
        for alert in alerts:
            Alert.objects.filter(pk=alert.pk).update(created_at=when)
            self.raised.append((alert.pk, when, self.practitioner(i)))

    def _clients(self, lo: int, hi: int) -> list[Client]:
        run, made = self.run, []
        marker = family_marker(run.seed)
        for i in range(lo, hi):
            when = run.clock.at(run.starts[i], -21, 10)
            age = run.column("age", i)
            born = dt.date(when.year - age, 1 + i % 12, 1 + i % 28)
            made.append(
                Client(
                    practice=run.practice,
                    given_name=NATURE_NAMES[i % len(NATURE_NAMES)],
                    family_name=f"{marker}{i + 1:04d}",
                    date_of_birth=born,
                    status=_client_status(run, i),
                    **_stamp(when),
                )
            )
        Client.objects.bulk_create(made)
        CareTeamMember.objects.bulk_create(
            CareTeamMember(
                practice=run.practice,
                client=client,
                practitioner=self.practitioner(i),
                is_primary=True,
                **_stamp(client.created_at),
            )
            for i, client in enumerate(made, start=lo)
        )
        return made

    def _profile(self, i: int) -> dict[str, object]:
        run = self.run
        template = PROTOCOLS[run.column("protocol", i)]
        first = run.session_bounds[i][0]
        # The generator has no intake vitals: the first pre-dose reading, capped at 160/100
        # [P] because a client it treated had passed screening (docs/demo.md).
        sbp = min(int(run.cohort.sessions["sbp_pre"][first]), 160)
        vitals = {
            "sbp": sbp,
            "dbp": min(int(run.cohort.sessions["dbp_pre"][first]), sbp - 10, 100),
            "spo2": 98,
        }
        return {
            "age": run.column("age", i),
            "sex": "female" if run.column("female", i) else "male",
            "weight_kg": run.column("weight_kg", i),
            "planned_drug": template.drug,
            "planned_route": template.route,
            "setting": template.setting,
            "escort_available": True,
            "diagnoses": ["major_depressive_disorder"],
            "conditions": [],
            "pregnant": False,
            "breastfeeding": False,
            "hepatic_function": "normal",
            "substance_use": [],
            "medications": [],
            "suicidality": "none",
            "vitals": vitals,
            "allergies": [],
        }

    def _preparation(self, clients: list[Client], lo: int) -> None:
        """A submitted intake, its screening result, an approval and the treatment consent."""
        run = self.run
        intakes, results, absolute = [], [], []
        for i, client in enumerate(clients, start=lo):
            submitted = run.clock.at(run.starts[i], -14, 11)
            profile = self._profile(i)
            outcome = screen(parse_profile(profile), DEFAULT_POLICY)
            intake = Intake(
                practice=run.practice,
                client=client,
                data=profile,
                current_step=LAST_STEP,
                submitted_at=submitted,
                **_stamp(submitted),
            )
            intakes.append(intake)
            results.append(
                ScreeningResult(
                    practice=run.practice,
                    client=client,
                    intake=intake,
                    eligibility=outcome.eligibility.value,
                    flags=[{**f.as_dict(), "evidence": f.evidence.value} for f in outcome.flags],
                    policy=dataclasses.asdict(DEFAULT_POLICY),
                    computed_at=submitted,
                    **_stamp(submitted),
                )
            )
            absolute.append([f.code for f in outcome.flags if f.severity == Severity.ABSOLUTE])
        Intake.objects.bulk_create(intakes)
        ScreeningResult.objects.bulk_create(results)
        for i, (client, result, codes) in enumerate(
            zip(clients, results, absolute, strict=True), start=lo
        ):
            # Never expected (the profile is benign), but a contraindication is never silent.
            alerts = [
                alert_raise(
                    practice=run.practice,
                    client=client,
                    source_type=SCREENING_SOURCE,
                    source_public_id=result.public_id,
                    code=code,
                    severity=AlertSeverity.REVIEW,
                    summary=f"Screening: {code}",
                )
                for code in codes
            ]
            self.note_alerts(alerts, result.computed_at, i)
        self._approve(clients, results, lo)

    def _approve(self, clients: list[Client], results: list[ScreeningResult], lo: int) -> None:
        run, decisions, signatures = self.run, [], []
        for i, (client, result) in enumerate(zip(clients, results, strict=True), start=lo):
            if result.eligibility == "no":
                continue  # never approved; the course below would then be unreachable
            signed = result.computed_at + dt.timedelta(days=4)
            decisions.append(
                ScreeningDecision(
                    practice=run.practice,
                    client=client,
                    screening_result=result,
                    decision=Decision.APPROVE,
                    note="Synthetic demo: approved after review.",
                    decided_by=self.practitioner(i),
                    signed_at=signed,
                    **_stamp(signed),
                )
            )
            if run.consent is not None:
                signatures.append(
                    ConsentSignature(
                        practice=run.practice,
                        client=client,
                        document=run.consent,
                        typed_full_name=f"{client.given_name} {client.family_name}",
                        confirmed=True,
                        signed_at=signed,
                        **_stamp(signed),
                    )
                )
        ScreeningDecision.objects.bulk_create(decisions)
        ConsentSignature.objects.bulk_create(signatures)
