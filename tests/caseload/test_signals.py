"""Each signal switches its reason on and off at its boundary."""

from __future__ import annotations

import datetime as dt

import pytest

from ketacare.accounts.models import User
from ketacare.caseload.selectors import CaseloadRow, ReasonKind, Severity, caseload_for
from ketacare.clients.models import Client
from ketacare.integration.models import IntegrationSettings
from ketacare.integration.services import integration_settings_for
from tests.caseload import helpers as h
from tests.conftest import World

pytestmark = pytest.mark.django_db


def row_of(actor: User, client: Client, today: dt.date = h.TODAY) -> CaseloadRow:
    rows = caseload_for(actor=actor, now=h.at_noon(today))
    return next(row for row in rows if row.client_public_id == client.public_id)


def kinds(actor: User, client: Client, today: dt.date = h.TODAY) -> set[ReasonKind]:
    return {reason.kind for reason in row_of(actor, client, today).reasons}


def test_a_client_with_nothing_due_has_no_reasons(world: World) -> None:
    row = row_of(world.practitioner_a, world.client_a1)

    assert row.reasons == ()
    assert row.score == 0
    assert not row.needs_attention


def test_an_open_urgent_alert_is_a_reason_until_acknowledged(world: World) -> None:
    h.alert(world.client_a1, "urgent")
    h.alert(world.client_a1, "urgent", code="other", status="acknowledged")

    row = row_of(world.practitioner_a, world.client_a1)

    assert [r.kind for r in row.reasons] == [ReasonKind.URGENT_ALERT]
    assert row.reasons[0].count == 1
    assert row.reasons[0].label == "1 urgent alert"
    assert row.has_urgent_alert


def test_an_acknowledged_alert_is_no_reason(world: World) -> None:
    h.alert(world.client_a1, "review", status="acknowledged")

    assert kinds(world.practitioner_a, world.client_a1) == set()


def test_review_and_attention_alerts_are_one_reason_to_review(world: World) -> None:
    h.alert(world.client_a1, "review", code="one")
    h.alert(world.client_a1, "attention", code="two")

    (reason,) = row_of(world.practitioner_a, world.client_a1).reasons

    assert reason.kind == ReasonKind.ALERT
    assert reason.label == "2 alerts to review"
    assert reason.severity == Severity.HIGH
    assert reason.points == 45


def test_a_stop_level_alert_says_so(world: World) -> None:
    h.alert(world.client_a1, "urgent", code="bp_stop")

    row = row_of(world.practitioner_a, world.client_a1)

    assert row.has_stop_alert
    assert row.reasons[0].label == "1 urgent alert: dosing stopped"


def test_a_questionnaire_is_overdue_once_its_due_time_has_passed(world: World) -> None:
    h.assignment(world.client_a1, world.practitioner_a, h.NOW)
    h.assignment(world.client_a1, world.practitioner_a, h.NOW - dt.timedelta(days=3),
                 cancelled=True)  # fmt: skip
    actor, client = world.practitioner_a, world.client_a1

    assert ReasonKind.QUESTIONNAIRE not in kinds(actor, client)

    h.assignment(world.client_a1, world.practitioner_a, h.NOW - dt.timedelta(seconds=1))

    row = row_of(actor, client)
    assert [r.label for r in row.reasons] == ["1 questionnaire overdue"]
    assert row.reasons[0].on == h.TODAY


def test_a_follow_up_is_due_on_its_day_not_before(world: World) -> None:
    h.follow_up(world.client_a1, h.TODAY)
    h.follow_up(world.client_a1, h.days_ago(5), done=True)
    actor, client = world.practitioner_a, world.client_a1

    assert ReasonKind.FOLLOW_UP in kinds(actor, client)
    assert ReasonKind.FOLLOW_UP not in kinds(actor, client, h.days_ago(1))


def _in_integration(world: World) -> None:
    h.session(world.client_a1, world.practitioner_a, h.days_ago(20))


def test_a_check_in_three_days_ago_is_not_yet_missed(world: World) -> None:
    _in_integration(world)
    h.check_in(world.client_a1, h.days_ago(3))

    assert ReasonKind.CHECK_IN not in kinds(world.practitioner_a, world.client_a1)


def test_no_check_in_for_three_full_days_is_missed(world: World) -> None:
    _in_integration(world)
    h.check_in(world.client_a1, h.days_ago(4))

    (reason,) = row_of(world.practitioner_a, world.client_a1).reasons

    assert reason.kind == ReasonKind.CHECK_IN
    assert reason.label == "No check-in for 3 days"
    assert reason.on == h.days_ago(4)


def test_the_missed_check_in_limit_is_the_practice_setting(world: World) -> None:
    _in_integration(world)
    h.check_in(world.client_a1, h.days_ago(4))
    settings = integration_settings_for(world.practice_a)
    settings.missed_check_in_days = 5
    settings.save()

    assert ReasonKind.CHECK_IN not in kinds(world.practitioner_a, world.client_a1)
    IntegrationSettings.objects.filter(pk=settings.pk).update(missed_check_in_days=3)
    assert ReasonKind.CHECK_IN in kinds(world.practitioner_a, world.client_a1)


def test_check_ins_do_not_matter_outside_integration(world: World) -> None:
    h.session(world.client_a1, world.practitioner_a, h.days_ago(91))
    h.check_in(world.client_a1, h.days_ago(30))

    assert kinds(world.practitioner_a, world.client_a1) == set()


def test_an_active_commitment_counts_from_its_start_when_never_checked_in(world: World) -> None:
    h.commitment(world.client_a1, world.practitioner_a, h.days_ago(3))
    actor, client = world.practitioner_a, world.client_a1

    assert ReasonKind.CHECK_IN not in kinds(actor, client)
    assert ReasonKind.CHECK_IN in kinds(actor, client, h.TODAY + dt.timedelta(days=1))


def test_a_spravato_session_needs_its_rems_form_until_filed(world: World) -> None:
    dosing = h.session(world.client_a1, world.practitioner_a, h.days_ago(7), drug="esketamine")
    actor, client = world.practitioner_a, world.client_a1

    due = next(r for r in row_of(actor, client).reasons if r.kind == ReasonKind.REMS)
    assert (due.label, due.severity, due.on) == ("1 REMS form due", Severity.MEDIUM, h.TODAY)

    late = next(
        r for r in row_of(actor, client, h.TODAY + dt.timedelta(days=1)).reasons
        if r.kind == ReasonKind.REMS
    )  # fmt: skip
    assert (late.label, late.severity) == ("1 REMS form overdue", Severity.HIGH)

    h.rems_filed(dosing, world.practitioner_a)
    assert ReasonKind.REMS not in kinds(actor, client)


def test_racemic_sessions_and_old_sessions_need_no_rems_form(world: World) -> None:
    h.session(world.client_a1, world.practitioner_a, h.days_ago(2), drug="racemic_ketamine")
    h.session(world.client_a2, world.practitioner_a2, h.days_ago(31), drug="esketamine")

    assert ReasonKind.REMS not in kinds(world.practitioner_a, world.client_a1)
    assert ReasonKind.REMS not in kinds(world.lead_a, world.client_a2)


def _relapse_series(world: World, second_high_gap: int, latest: int = 12) -> None:
    # Baseline 20, response (≤10) on day 20, then ≥10 twice, `second_high_gap` days apart.
    h.phq9(world.client_a1, world.practitioner_a, {
        h.days_ago(60): 20,
        h.days_ago(40): 8,
        h.days_ago(30): 12,
        h.days_ago(30 - second_high_gap): latest,
    })  # fmt: skip


@pytest.mark.parametrize(("gap", "expected"), [(4, False), (5, True), (15, True), (16, False)])
def test_relapse_needs_two_high_scores_5_to_15_days_apart_after_a_response(
    world: World, gap: int, expected: bool
) -> None:
    _relapse_series(world, gap)

    reasons = row_of(world.practitioner_a, world.client_a1).reasons

    assert (ReasonKind.RELAPSE in {r.kind for r in reasons}) is expected
    if expected:
        assert reasons[0].on == h.days_ago(30 - gap)
        assert reasons[0].label == "Relapse signal (PHQ-9 12)"


def test_relapse_turns_off_when_the_latest_score_is_below_the_threshold(world: World) -> None:
    _relapse_series(world, 10)
    h.phq9(world.client_a1, world.practitioner_a, {h.days_ago(5): 9})

    assert ReasonKind.RELAPSE not in kinds(world.practitioner_a, world.client_a1)


def test_high_scores_without_a_response_first_are_no_relapse(world: World) -> None:
    h.phq9(world.client_a1, world.practitioner_a, {
        h.days_ago(60): 20, h.days_ago(40): 15, h.days_ago(30): 18, h.days_ago(20): 19,
    })  # fmt: skip

    assert ReasonKind.RELAPSE not in kinds(world.practitioner_a, world.client_a1)


def test_scores_older_than_twelve_weeks_are_not_read(world: World) -> None:
    h.phq9(world.client_a1, world.practitioner_a, {
        h.days_ago(200): 20, h.days_ago(120): 8, h.days_ago(100): 12, h.days_ago(90): 12,
    })  # fmt: skip

    assert ReasonKind.RELAPSE not in kinds(world.practitioner_a, world.client_a1)


def test_the_next_session_is_the_earliest_scheduled_one(world: World) -> None:
    h.session(world.client_a1, world.practitioner_a, h.TODAY + dt.timedelta(days=9), "scheduled")
    h.session(world.client_a1, world.practitioner_a, h.TODAY + dt.timedelta(days=2), "scheduled")

    row = row_of(world.practitioner_a, world.client_a1)

    assert row.next_session_on == h.TODAY + dt.timedelta(days=2)
