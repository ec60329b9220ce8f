"""Operating commands: serve, demo, audit verify, token create, keys rotate."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ketacare.cli import app
from ketacare.cli._django import setup
from ketacare.cli._output import EXIT_BAD_INPUT, EXIT_FAILURE, emit_json

audit_app = typer.Typer(help="The audit trail.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens.", no_args_is_help=True)
keys_app = typer.Typer(help="Field-encryption keys.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")
app.add_typer(token_app, name="token")
app.add_typer(keys_app, name="keys")
console = Console(stderr=True)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Apply migrations and serve the app (production: gunicorn config.wsgi behind TLS)."""
    setup()
    from django.core.management import call_command

    console.print(f"Serving ketacare on http://{host}:{port}/ (Ctrl-C to stop)")
    call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True)


@app.command()
def demo(
    password: Annotated[
        str | None, typer.Option(help="Password for every demo account (default: printed).")
    ] = None,
    clients: Annotated[
        int, typer.Option(min=0, help="Add this many synthetic clients with full histories.")
    ] = 0,
    seed: Annotated[int, typer.Option(help="Seed of the synthetic cohort (--clients).")] = 2026,
) -> None:
    """Create the synthetic demo practices and people (idempotent) and print the logins.

    With --clients N, also add N synthetic clients with full histories to Demo Practice
    (docs/demo.md); the same --seed twice adds nothing the second time.
    """
    setup()
    from ketacare.cli.demo_data import DEFAULT_DEMO_PASSWORD, demo_seed

    chosen = password or DEFAULT_DEMO_PASSWORD
    try:
        summary = demo_seed(password=chosen)
    except ValueError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_BAD_INPUT) from exc
    table = Table(title="Demo sign-ins (synthetic data only)")
    for column in ("Practice", "Role", "E-mail"):
        table.add_column(column)
    for row in summary.logins:
        table.add_row(row.practice, row.role, row.email)
    Console().print(table)
    Console().print(f"Password for every demo account: [bold]{chosen}[/bold]")
    if clients:
        _demo_cohort(clients=clients, seed=seed)


def _demo_cohort(*, clients: int, seed: int) -> None:
    """Write the synthetic cohort with a progress bar on stderr; print what was written."""
    import time

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from ketacare.accounts.models import Practice
    from ketacare.cli.demo_cohort import DEMO_PRACTICE_SLUG, DemoCohortRefused, demo_cohort_write

    practice = Practice.objects.get(slug=DEMO_PRACTICE_SLUG)
    started = time.perf_counter()
    columns = (BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress("Writing synthetic clients", *columns, console=console) as bar:
        task = bar.add_task("clients", total=clients)
        try:
            written = demo_cohort_write(
                practice=practice,
                n=clients,
                seed=seed,
                progress=lambda done: bar.advance(task, done),
            )
        except DemoCohortRefused as exc:
            bar.stop()
            typer.echo(str(exc))
            return
    seconds = time.perf_counter() - started
    typer.echo(
        f"Added {written.clients} synthetic clients (seed {seed}) to Demo Practice in "
        f"{seconds:.1f} s: {written.sessions} dosing sessions, {written.responses} "
        f"questionnaire responses, {written.journal_entries} journal entries, "
        f"{written.check_ins} check-ins, {written.coaching_sessions} coaching notes, "
        f"{written.alerts} alerts ({written.alerts_resolved} older ones resolved)."
    )


@audit_app.command("verify")
def audit_verify(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Recompute the audit hash chain; exit 1 naming the first bad row."""
    setup()
    from ketacare.audit.selectors import audit_chain_verify

    result = audit_chain_verify()
    if as_json:
        emit_json(
            {
                "ok": result.ok,
                "checked": result.checked,
                "bad_row": result.bad_seq,
                "reason": result.reason,
            }
        )
    elif result.ok:
        Console().print(f"Audit trail intact: {result.checked} rows verified.")
    else:
        Console().print(f"[red]Audit trail broken at row {result.bad_seq}[/red]: {result.reason}")
    if not result.ok:
        raise typer.Exit(EXIT_FAILURE)


@token_app.command("create")
def token_create(
    email: Annotated[str, typer.Argument(help="The user the token acts as.")],
    name: Annotated[str, typer.Option(help="A label to recognise the token by.")] = "cli",
) -> None:
    """Create an API token for EMAIL and print it once (only its hash is stored)."""
    setup()
    from ketacare.accounts.models import User
    from ketacare.accounts.services import api_token_create

    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        console.print("[red]error:[/red] no active user has that e-mail address")
        raise typer.Exit(EXIT_BAD_INPUT)
    issued = api_token_create(actor=None, user=user, name=name)
    console.print(f"Token expires {issued.token.expires_at:%Y-%m-%d}. It is shown only once:")
    typer.echo(issued.secret)


@keys_app.command("rotate")
def keys_rotate(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Count, change nothing.")] = False,
    batch_size: Annotated[int, typer.Option(min=1, help="Rows per transaction.")] = 500,
) -> None:
    """Re-encrypt every encrypted field with the first (primary) configured key."""
    setup()
    from ketacare.audit.services import AuditAction, audit_record
    from ketacare.core.rotation import field_keys_rotate

    report = field_keys_rotate(dry_run=dry_run, batch_size=batch_size)
    if not dry_run:
        audit_record(actor=None, action=AuditAction.KEYS_ROTATED, extra={"rotated": report.rotated})
    verb = "would re-encrypt" if dry_run else "re-encrypted"
    Console().print(f"{verb} {report.rotated} values; {report.current} already current.")


alerts_app = typer.Typer(help="Safety alerts.", no_args_is_help=True)
app.add_typer(alerts_app, name="alerts")


@alerts_app.command("escalate")
def alerts_escalate() -> None:
    """Escalate alerts left unacknowledged past each practice's limit (run every few minutes)."""
    setup()
    from django.utils import timezone

    from ketacare.alerts.services import alerts_escalate_overdue

    escalated = alerts_escalate_overdue(now=timezone.now())
    Console().print(f"escalated {len(escalated)} alert(s)")
