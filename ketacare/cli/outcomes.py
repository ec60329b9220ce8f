"""`ketacare outcomes` and `ketacare export measures`: a practice's outcomes and its measures CSV.

Both read the database (Django is set up inside the command) and are audited on the `cli`
channel: as the system, or as the lead named by `--as EMAIL`. lifelines is imported only
when a command runs, so `ketacare --help` stays fast. Contracts: docs/outcomes.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ketacare.cli import app
from ketacare.cli._output import EXIT_FAILURE, emit_json, fail_bad_input

if TYPE_CHECKING:
    from ketacare.accounts.models import Practice

export_app = typer.Typer(help="De-identified exports.", no_args_is_help=True)
app.add_typer(export_app, name="export")

PracticeOption = Annotated[str, typer.Option("--practice", help="The practice's slug.")]
AsOption = Annotated[
    str | None,
    typer.Option("--as", help="A lead of the practice to record as the actor (default: system)."),
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


@contextmanager
def _cli_context() -> Iterator[None]:
    """Audit rows written inside carry the `cli` channel."""
    from ketacare.core import request_context

    token = request_context.bind(request_context.RequestContext(channel="cli"))
    try:
        yield
    finally:
        request_context.reset(token)


def _practice_and_actor(slug: str, as_email: str | None, *, as_json: bool) -> tuple[Practice, Any]:
    """Set up Django; the practice by slug and the acting lead (None = system), or exit 2."""
    from ketacare.cli._django import setup

    setup()
    from ketacare.accounts.models import Practice, Role
    from ketacare.accounts.selectors import role_in
    from ketacare.cli.measures_record import actor_by_email

    practice = Practice.objects.filter(slug=slug).first()
    if practice is None:
        fail_bad_input(f"no practice has the slug {slug!r}", as_json=as_json)
    if as_email is None:
        return practice, None
    actor = actor_by_email(as_email)
    if actor is None or role_in(actor, practice) != Role.LEAD:
        fail_bad_input("--as must be the e-mail of an active lead of the practice", as_json=as_json)
    return practice, actor


def _print_outcomes(payload: dict[str, Any]) -> None:
    table = Table(title="Practice outcomes (end of induction; suppressed cells show as —)")
    table.add_column("Measure")
    table.add_column("Value")
    for key in ("n_clients", "n_treated", "n_with_followup", "lost_to_followup"):
        table.add_row(key.replace("_", " "), _shown(payload[key]))
    for key in ("response_rate", "remission_rate"):
        value = payload[key]
        table.add_row(key.replace("_", " "), "—" if value is None else f"{value:.1%}")
    table.add_row("median days to relapse", _shown(payload["durability"]["median_days"]))
    effect = payload["integration_effect"]
    ratio = effect["hazard_ratio"]
    low_high = effect["ci95"]
    shown = "—" if ratio is None else f"{ratio:.2f} (95 % CI {low_high[0]:.2f}–{low_high[1]:.2f})"
    table.add_row("integration hazard ratio (observational)", shown)
    Console().print(table)


def _shown(value: object) -> str:
    return "—" if value is None else str(value)


@app.command("outcomes")
def outcomes_command(
    practice_slug: PracticeOption,
    protocol: Annotated[
        str | None, typer.Option("--protocol", help="Only courses of this protocol code.")
    ] = None,
    start: Annotated[
        dt.datetime | None,
        typer.Option("--from", formats=["%Y-%m-%d"], help="Courses starting on or after."),
    ] = None,
    end: Annotated[
        dt.datetime | None,
        typer.Option("--until", formats=["%Y-%m-%d"], help="Courses starting on or before."),
    ] = None,
    as_email: AsOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Response, remission, durability and the integration effect of a practice (PHQ-9).

    The output leaves the practice, so small cells are suppressed: any count from 1 to 10,
    and any rate or estimate resting on one, prints as null. Exit 2 on an unknown practice.
    """
    practice, actor = _practice_and_actor(practice_slug, as_email, as_json=as_json)
    from ketacare.domain.outcomes import practice_outcomes
    from ketacare.domain.protocols import PROTOCOLS
    from ketacare.outcomes.selectors import outcome_data_for_practice

    if protocol is not None and protocol not in PROTOCOLS:
        fail_bad_input(
            f"unknown protocol {protocol!r} (one of {', '.join(PROTOCOLS)})", as_json=as_json
        )
    period = None
    if start is not None or end is not None:
        period = (start.date() if start else dt.date.min, end.date() if end else dt.date.max)
    with _cli_context():
        data = outcome_data_for_practice(
            actor=actor, practice=practice, protocol=protocol, period=period
        )
    payload = practice_outcomes(data).as_json()
    if as_json:
        emit_json(payload)
    else:
        _print_outcomes(payload)


@export_app.command("measures")
def export_measures_command(
    practice_slug: PracticeOption,
    csv_path: Annotated[Path, typer.Option("--csv", help="The CSV file to write.")],
    as_email: AsOption = None,
) -> None:
    """Write item-level, de-identified questionnaire rows of a practice as CSV.

    Columns: pseudonymous client id (keyed HMAC), course number, protocol, sessions given,
    instrument, days since the course's first session, phase, item, value, total. Never names,
    e-mails, dates or free text. Exit 2 on an unknown practice, 1 if the file cannot be written.
    """
    practice, actor = _practice_and_actor(practice_slug, as_email, as_json=False)
    from ketacare.outcomes.export import measures_export

    try:
        with csv_path.open("w", encoding="utf-8", newline="") as stream, _cli_context():
            summary = measures_export(actor=actor, practice=practice, stream=stream)
    except OSError as error:
        typer.echo(f"error: cannot write {csv_path}: {error.strerror}", err=True)
        raise typer.Exit(EXIT_FAILURE) from error
    Console(stderr=True).print(
        f"wrote {summary.rows} rows from {summary.responses} responses of "
        f"{summary.clients} clients to {csv_path}"
    )
