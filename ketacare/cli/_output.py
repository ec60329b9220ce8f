"""Shared output helpers for CLI commands: JSON on stdout, exit codes 0 / 1 / 2."""

from __future__ import annotations

import json
from typing import Any, NoReturn

import typer

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2


def emit_json(payload: Any) -> None:  # Any: any JSON-serialisable value
    """Print one JSON document on its own line."""
    typer.echo(json.dumps(payload, ensure_ascii=False, sort_keys=False))


def fail_bad_input(message: str, *, as_json: bool) -> NoReturn:
    """Report bad input and exit 2 (`{"error": message}` under --json, else on stderr)."""
    if as_json:
        emit_json({"error": message})
    else:
        typer.echo(f"error: {message}", err=True)
    raise typer.Exit(EXIT_BAD_INPUT)
