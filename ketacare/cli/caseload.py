"""`ketacare caseload refresh`: recompute stale caseload rows once.

For cron; `ketacare worker` does it daily at 00:05 UTC (docs/caseload.md, "How the list stays
current").
"""

from __future__ import annotations

from typing import Annotated

import typer

from ketacare.cli import app
from ketacare.cli._django import setup
from ketacare.cli._output import emit_json

caseload_app = typer.Typer(help="The practitioners' caseload.", no_args_is_help=True)
app.add_typer(caseload_app, name="caseload")


@caseload_app.command("refresh")
def refresh(
    as_json: Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")] = False,
) -> None:
    """Recompute every caseload row that is missing, stale or expired (prints how many)."""
    setup()
    from django.utils import timezone

    from ketacare.caseload.attention import attention_refresh_all

    refreshed = attention_refresh_all(now=timezone.now())
    if as_json:
        emit_json({"refreshed": refreshed})
        return
    typer.echo(f"caseload rows recomputed: {refreshed}")
