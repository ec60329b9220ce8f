"""`ketacare screen`: screen an intake profile, list the codes, or print the profile schema.

A thin command over `ketacare.domain.screening` (no Django); the contract is in
docs/screening.md. Screening is advisory: the command never writes anything.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ketacare.cli import app
from ketacare.cli._output import emit_json, fail_bad_input
from ketacare.domain.screening import (
    DRUGS,
    RULES,
    ProfileError,
    ScreeningResult,
    parse_profile,
    profile_json_schema,
    screen,
    vocabularies,
)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
ProfileArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="PROFILE.json",
        help="Intake profile as JSON ('-' reads standard input).",
        show_default=False,
    ),
]
CodesFlag = Annotated[
    bool, typer.Option("--codes", help="List every code the profile accepts, drugs and rules.")
]
SchemaFlag = Annotated[bool, typer.Option("--schema", help="Print the profile JSON Schema.")]

# A code listing is heterogeneous JSON: lists of objects with string, list or number values.
CodesPayload = dict[str, list[dict[str, object]]]


class BadInput(ValueError):
    """A profile source that cannot be read or is not JSON."""


@app.command("screen")
def screen_command(
    profile: ProfileArgument = None,
    as_json: JsonFlag = False,
    codes: CodesFlag = False,
    schema: SchemaFlag = False,
) -> None:
    """Screen an intake profile for contraindications and interactions (advisory only).

    Exit 0 with the result, or 2 with an error naming the field when the profile is invalid.
    """
    if codes or schema:
        if codes and schema:
            fail_bad_input("use --codes or --schema, not both", as_json=as_json)
        if profile is not None:
            fail_bad_input("PROFILE.json is not used with --codes or --schema", as_json=as_json)
        if schema:
            emit_json(profile_json_schema())
        elif as_json:
            emit_json(codes_payload())
        else:
            _print_codes(codes_payload())
        return
    if profile is None:
        fail_bad_input("PROFILE.json is required (or use --codes or --schema)", as_json=as_json)
    try:
        result = screen(parse_profile(read_profile_json(profile)))
    except (BadInput, ProfileError) as error:
        fail_bad_input(str(error), as_json=as_json)
    if as_json:
        emit_json(result.as_dict())
    else:
        _print_result(result)


def read_profile_json(source: str) -> object:
    """Read and decode the profile JSON from a path, or from standard input for `-`.

    Raises:
        BadInput: if the file cannot be read or is not valid UTF-8 JSON.
    """
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BadInput(f"PROFILE.json: file not found: {source}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise BadInput(f"PROFILE.json: cannot read {source}: {error}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        message = f"line {error.lineno} column {error.colno}: {error.msg}"
        raise BadInput(f"PROFILE.json: malformed JSON at {message}") from None


def codes_payload() -> CodesPayload:
    """Every vocabulary with labels, the drug vocabulary and the rule catalogue."""
    payload: CodesPayload = {
        name: [{"code": member.value, "label": member.label} for member in vocabulary]
        for name, vocabulary in vocabularies().items()
    }
    payload["drugs"] = [
        {
            "name": drug.name,
            "category": drug.category,
            "classes": sorted(drug_class.value for drug_class in drug.classes),
            "aliases": list(drug.aliases),
            "dze_factor": drug.dze_factor,
            "source": drug.source,
        }
        for drug in DRUGS.values()
    ]
    payload["rules"] = [
        {
            "code": rule.code,
            "severity": rule.severity.value,
            "evidence": rule.evidence.value,
            "tier": rule.tier,
            "condition": rule.condition,
            "source": rule.source,
        }
        for rule in RULES.values()
    ]
    return payload


def _print_result(result: ScreeningResult) -> None:
    console = Console()
    console.print(
        f"Eligibility: [bold]{result.eligibility.value}[/bold] ({result.eligibility.label})"
    )
    if not result.flags:
        console.print("No flags.")
        return
    table = Table("Severity", show_lines=True)
    table.add_column("Code", no_wrap=True)
    table.add_column("Reason")
    table.add_column("Source")
    for flag in result.flags:
        table.add_row(flag.severity.value, flag.code, flag.reason, flag.source)
    console.print(table)


def _print_codes(payload: CodesPayload) -> None:
    console = Console()
    for name, rows in payload.items():
        columns = [key for key in rows[0] if key not in {"source", "condition"}]
        table = Table(*columns, title=name)
        for row in rows:
            table.add_row(*(_cell(row[column]) for column in columns))
        console.print(table)


def _cell(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)
