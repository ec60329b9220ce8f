"""`ketacare instruments`, `score` and `change`: thin commands over the instrument core.

They never import Django, except `score --batch --record`, which sets it up on demand and
stores responses through the measures service; contracts are in docs/instruments.md.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ketacare.cli import app
from ketacare.cli._output import EXIT_BAD_INPUT, emit_json, fail_bad_input
from ketacare.domain.instruments import INSTRUMENTS, registry
from ketacare.domain.instruments.base import Instrument, InstrumentScore, Number, format_number
from ketacare.domain.instruments.change import ChangeResult, change

JsonFlag = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
ContextOption = Annotated[
    str | None,
    typer.Option("--context", help='JSON object of context inputs, e.g. \'{"sex": "female"}\'.'),
]
BATCH_KEYS = frozenset({"instrument", "answers", "context"})


class BadInput(ValueError):
    """Command-line input that is not the JSON or number a command expects."""


def describe(spec: Instrument) -> dict[str, object]:
    """Return one instrument's spec as JSON-ready data (for `instruments --json`)."""
    return {
        "code": spec.code,
        "name": spec.name,
        "version": spec.version,
        "items": spec.scored_item_count,
        "total_min": spec.total_min,
        "total_max": spec.total_max,
        "direction": spec.direction.value,
        "clinician_rated": spec.clinician_rated,
        "licence": spec.licence.status.value,
        "ships_wording": spec.licence.ships_wording,
        "loinc_panel": spec.loinc.panel,
        "loinc_total": spec.loinc.total,
        "bands": [{"label": b.label, "low": b.low, "high": b.high} for b in spec.bands],
        "flags": [
            {"name": f.name, "severity": f.severity.value, "is_safety": f.is_safety}
            for f in spec.flags
        ],
        "safety_items": list(spec.safety_items),
        "context": list(spec.context_keys),
    }


def _range_text(spec: Instrument) -> str:
    if spec.total_min is None or spec.total_max is None:
        return "categorical"
    return f"{format_number(spec.total_min)}–{format_number(spec.total_max)}"


@app.command("instruments")
def instruments_command(as_json: JsonFlag = False) -> None:
    """List the questionnaires ketacare scores: code, name, items, range, licence, LOINC."""
    if as_json:
        emit_json([describe(spec) for spec in INSTRUMENTS.values()])
        return
    table = Table(title="Instruments")
    for column in ("Code", "Name", "Items", "Range", "Licence", "LOINC"):
        table.add_column(column)
    for spec in INSTRUMENTS.values():
        table.add_row(
            spec.code,
            spec.name,
            str(spec.scored_item_count),
            _range_text(spec),
            spec.licence.status.value.replace("_", " "),
            spec.loinc.panel or "—",
        )
    Console().print(table)


def _json_object(option: str, text: str | None) -> dict[str, object] | None:
    """Parse an optional JSON object argument; the error names the option."""
    if text is None:
        return None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise BadInput(f"{option} is not valid JSON: {error}") from error
    if not isinstance(value, dict):
        raise BadInput(f"{option} must be a JSON object")
    return value


def _score_line(line: str) -> InstrumentScore:
    """Score one batch line `{"instrument", "answers", "context"?}`."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise BadInput(f"not valid JSON: {error}") from error
    if not isinstance(record, dict):
        raise BadInput("each line must be a JSON object")
    if "client" in record:
        # A line naming a client must be recorded, or its safety flags would reach no one.
        raise BadInput('"client" is only accepted with --record --as EMAIL')
    unknown = sorted(set(record) - BATCH_KEYS)
    if unknown:
        raise BadInput(f"unknown key {unknown[0]!r} (expected instrument, answers, context)")
    instrument, answers = record.get("instrument"), record.get("answers")
    if not isinstance(instrument, str):
        raise BadInput('"instrument" must be a string')
    if not isinstance(answers, dict):
        raise BadInput('"answers" must be a JSON object')
    # The scorer validates the context (type, keys, values) itself.
    return registry.score(instrument, answers, record.get("context"))


def _score_lines(lines: Iterable[str]) -> bool:
    """Emit one JSON line per non-blank input line, in order; return True if all scored."""
    all_scored = True
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            emit_json(_score_line(line).as_dict())
        except ValueError as error:
            all_scored = False
            emit_json({"error": str(error), "line": number})
    return all_scored


def _score_batch(path: str) -> None:
    """Score a JSON-lines file (`-` = stdin); exit 2 at the end if any line failed."""
    if path == "-":
        all_scored = _score_lines(sys.stdin)
    else:
        try:
            with Path(path).open(encoding="utf-8", errors="replace") as stream:
                all_scored = _score_lines(stream)
        except OSError as error:
            fail_bad_input(f"cannot read {path}: {error.strerror}", as_json=True)
    if not all_scored:
        raise typer.Exit(EXIT_BAD_INPUT)


def _record_batch(path: str, as_email: str | None) -> None:
    """Record a JSON-lines batch as client responses (Django set up here, not at import)."""
    if not as_email:
        fail_bad_input("--record needs --as EMAIL (the practitioner recording)", as_json=True)
    from ketacare.cli._django import setup

    setup()
    from ketacare.cli.measures_record import actor_by_email, record_lines

    actor = actor_by_email(as_email)
    if actor is None:
        fail_bad_input("no active user has that e-mail address", as_json=True)
    try:
        with _open_lines(path) as lines:
            summary = record_lines(actor=actor, lines=lines)
    except OSError as error:
        fail_bad_input(f"cannot read {path}: {error.strerror}", as_json=True)
    Console(stderr=True).print(
        f"recorded {summary.recorded}, refused {summary.failed}, alerts raised {summary.alerts}"
    )
    if summary.failed:
        raise typer.Exit(EXIT_BAD_INPUT)


@contextmanager
def _open_lines(path: str) -> Iterator[Iterable[str]]:
    if path == "-":
        yield sys.stdin
        return
    with Path(path).open(encoding="utf-8", errors="replace") as stream:
        yield stream


def _print_score(result: InstrumentScore) -> None:
    console = Console()
    band = f" ({result.band})" if result.band else ""
    total = "—" if result.total is None else f"{result.total:g}"
    console.print(f"[bold]{result.instrument}[/bold] total {total}{band}")
    for name, value in result.subscales.items():
        console.print(f"  {name}: {value:g}")
    for key, detail in result.details.items():
        console.print(f"  {key}: {detail}")
    spec = registry.lookup(result.instrument)
    for flag in result.flags:
        console.print(f"[bold red]FLAG {flag}[/bold red] ({spec.flag(flag).severity.value})")


@app.command("score")
def score_command(  # noqa: PLR0913, PLR0917  (Typer maps each option to a parameter)
    instrument: Annotated[
        str | None, typer.Argument(help="Instrument code, e.g. PHQ-9 (see `instruments`).")
    ] = None,
    answers: Annotated[
        str | None, typer.Option("--answers", help='JSON object, e.g. \'{"1": 2, "2": 0}\'.')
    ] = None,
    context: ContextOption = None,
    batch: Annotated[
        str | None, typer.Option("--batch", help="JSON-lines file to score; - reads stdin.")
    ] = None,
    record: Annotated[
        bool,
        typer.Option(
            "--record",
            help='With --batch: store each line (which names a "client") as that client\'s '
            "response, raising safety alerts for the care team.",
        ),
    ] = False,
    as_email: Annotated[
        str | None, typer.Option("--as", help="With --record: the practitioner recording.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Score one questionnaire response, or a JSON-lines batch (exit 2 on bad input)."""
    if batch is not None:
        if instrument is not None or answers is not None or context is not None:
            fail_bad_input("--batch cannot be combined with INSTRUMENT or --answers", as_json=True)
        if record:
            _record_batch(batch, as_email)
        else:
            _score_batch(batch)
        return
    if record:
        fail_bad_input("--record works with --batch", as_json=as_json)
    if instrument is None or answers is None:
        fail_bad_input("give INSTRUMENT and --answers, or --batch FILE", as_json=as_json)
    try:
        parsed = _json_object("--answers", answers)
        result = registry.score(instrument, parsed or {}, _json_object("--context", context))
    except ValueError as error:
        fail_bad_input(str(error), as_json=as_json)
    if as_json:
        emit_json(result.as_dict())
    else:
        _print_score(result)


def _number(name: str, text: str) -> Number:
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        raise BadInput(f"{name} {text!r} is not a number") from None


def _shown(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _print_change(result: ChangeResult) -> None:
    table = Table(title=f"{result.instrument}: {result.baseline} → {result.followup}")
    table.add_column("Metric")
    table.add_column("Value")
    for key, value in result.as_dict().items():
        if key not in {"instrument", "baseline", "followup"}:
            table.add_row(key.replace("_", " "), _shown(value))
    Console().print(table)


@app.command("change")
def change_command(
    instrument: Annotated[str, typer.Argument(help="Instrument code, e.g. PHQ-9.")],
    baseline: Annotated[str, typer.Argument(help="Baseline total.")],
    followup: Annotated[str, typer.Argument(help="Follow-up total.")],
    context: ContextOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Compare two totals: response, remission, reliable change, recovery (exit 2 on bad input)."""
    try:
        result = change(
            instrument,
            _number("BASELINE", baseline),
            _number("FOLLOWUP", followup),
            _json_object("--context", context),
        )
    except ValueError as error:
        fail_bad_input(str(error), as_json=as_json)
    if as_json:
        emit_json(result.as_dict())
    else:
        _print_change(result)
