"""`ketacare reminders send-due` (one pass, for cron) and `ketacare worker` (the huey consumer).

`make run` / `ketacare serve` do not need the worker: without it reminders go out only when
`reminders send-due` runs (docs/reminders.md).
"""

from __future__ import annotations

import dataclasses
from typing import Annotated

import typer

from ketacare.cli import app
from ketacare.cli._django import setup
from ketacare.cli._output import emit_json

reminders_app = typer.Typer(help="E-mail reminders.", no_args_is_help=True)
app.add_typer(reminders_app, name="reminders")


@reminders_app.command("send-due")
def send_due(
    as_json: Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")] = False,
) -> None:
    """Send every reminder due now, once, within each client's preferences (prints counts)."""
    setup()
    from django.utils import timezone

    from ketacare.reminders.services import reminders_send_due

    summary = reminders_send_due(now=timezone.now())
    counts = dataclasses.asdict(summary)
    if as_json:
        emit_json(counts)
        return
    typer.echo(", ".join(f"{name.replace('_', ' ')}: {value}" for name, value in counts.items()))


@app.command()
def worker(
    workers: Annotated[int, typer.Option(min=1, max=8, help="Worker threads.")] = 1,
) -> None:
    """Run the task-queue consumer (huey): due reminders every 15 minutes, caseload daily."""
    setup()
    from django.core.management import call_command

    typer.echo(
        "ketacare worker: sending due reminders every 15 minutes, recomputing the caseload "
        "daily at 00:05 UTC (Ctrl-C to stop)"
    )
    call_command("run_huey", workers=workers, worker_type="thread")
