"""The `ketacare` command: thin Typer commands over the domain core and the services.

Each group lives in its own module and registers its commands on `app` when imported below.
Commands that need the database call `ketacare.cli._django.setup()` first; pure commands
(`score`, `change`, `screen`, `pk`, `instruments`) never touch Django.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="ketacare",
    help="ketacare: ketamine-assisted therapy as one arc of care.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Command modules register themselves on `app`; imported for that side effect only.
from ketacare.cli import commands as _commands  # noqa: E402, F401
