"""Shared types for questionnaire scoring: items, options, bands, flags, specs, scores, errors.

Every instrument module builds its `Instrument` spec from these frozen dataclasses and scores
answers through `validation.AnswerReader`, which validates untrusted input at the boundary.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

Number = int | float
Answers = Mapping[str, object]
"""Untrusted answers: item number strings ("1", "6_recent") → numeric values as on the form."""
Context = Mapping[str, object]
"""Untrusted context inputs for one instrument (e.g. AUDIT-C `sex`, PCL-5 `cutoff`)."""
Scorer = Callable[[Answers, "Context | None"], "InstrumentScore"]


class InvalidAnswers(ValueError):
    """Answers or context that cannot be scored; the message names the instrument and item."""


class Direction(enum.StrEnum):
    """Which way a total moves when the client gets better."""

    HIGHER_IS_WORSE = "higher_is_worse"
    HIGHER_IS_BETTER = "higher_is_better"
    NEUTRAL = "neutral"
    """Acute-experience measures (MEQ-30, EDI, EBI, CADSS-6): higher is more intense, not worse."""


class Severity(enum.StrEnum):
    """How fast a safety flag needs a clinician (platform policy, reference §1–2)."""

    URGENT = "urgent"
    REVIEW = "review"


class LicenceStatus(enum.StrEnum):
    """Whether item wording may ship with ketacare (reference §0)."""

    FREE = "free"
    """Wording ships: free to reproduce (PHQ, GAD-7, PCL-5, AUDIT-C, WHO-5, EDI)."""
    NON_COMMERCIAL = "non_commercial"
    """Wording ships on condition of non-commercial use with credit (AUDIT, DAST-10)."""
    LICENSED_CONTENT = "licensed_content"
    """Scoring only: the practice loads its licensed wording (C-SSRS, MADRS, QIDS, …)."""


@dataclass(frozen=True, slots=True)
class Option:
    """One answer option of an item: the stored value and its label."""

    value: Number
    label: str


@dataclass(frozen=True, slots=True)
class Item:
    """One questionnaire item.

    `key` is the item number as answers carry it ("1", "6_recent"). Items with `options`
    accept only those integer values; `continuous` items (0–100 VAS) accept any finite number
    in `minimum`–`maximum` and their options are only the labelled anchors. `required=False`
    marks optional items and items governed by skip logic, which the instrument's scorer
    checks itself. `scored=False` items never count in the
    total (PHQ-9 item 10). `reverse` items are recoded by the scorer (BRS, DAST-10 item 3).
    """

    key: str
    label: str
    options: tuple[Option, ...]
    minimum: Number
    maximum: Number
    continuous: bool = False
    required: bool = True
    scored: bool = True
    reverse: bool = False

    @property
    def allowed(self) -> frozenset[int]:
        """The integer values this item accepts (empty for continuous items)."""
        if self.continuous:
            return frozenset()
        return frozenset(int(option.value) for option in self.options)


@dataclass(frozen=True, slots=True)
class Band:
    """A labelled score range, inclusive at both ends, in the units of `total`."""

    label: str
    low: Number
    high: Number


@dataclass(frozen=True, slots=True)
class FlagSpec:
    """A flag a score can raise; safety flags (suicidality) feed the alert pipeline."""

    name: str
    severity: Severity
    description: str
    source: str
    is_safety: bool = True


@dataclass(frozen=True, slots=True)
class Loinc:
    """LOINC codes verified by two sources (reference [V2]); None where not verified."""

    panel: str | None = None
    total: str | None = None
    items: Mapping[str, str] = field(default_factory=lambda: _EMPTY_CODES)


_EMPTY_CODES: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Licence:
    """Who holds the instrument and on what terms its wording may ship (reference §0)."""

    status: LicenceStatus
    holder: str
    terms: str

    @property
    def ships_wording(self) -> bool:
        """True when ketacare may ship the item wording itself."""
        return self.status is not LicenceStatus.LICENSED_CONTENT


@dataclass(frozen=True, slots=True)
class InstrumentScore:
    """The scored result of one questionnaire response.

    `total` is None only for categorical instruments (C-SSRS). `band` is the primary severity
    label, None where the instrument has no published bands. `flags` are safety flag names.
    """

    instrument: str
    total: Number | None
    band: str | None
    subscales: Mapping[str, Number]
    flags: tuple[str, ...]
    details: Mapping[str, object]

    def as_dict(self) -> dict[str, object]:
        """Return the JSON-ready contract shape of `ketacare score --json`."""
        return {
            "instrument": self.instrument,
            "total": self.total,
            "band": self.band,
            "subscales": dict(self.subscales),
            "flags": list(self.flags),
            "details": {
                key: value if type(value) in _SCALARS else _plain(value)
                for key, value in self.details.items()
            },
        }


_SCALARS = frozenset({bool, int, float, str, type(None)})


def _plain(value: object) -> object:
    """Copy nested mappings (QIDS `domains`) into plain dicts for JSON."""
    return dict(value) if isinstance(value, Mapping) else value


@dataclass(frozen=True, slots=True)
class Instrument:
    """Everything the platform knows about one instrument, as data, plus its scorer."""

    code: str
    name: str
    version: str
    items: tuple[Item, ...]
    scorer: Scorer
    direction: Direction
    total_min: Number | None
    total_max: Number | None
    bands: tuple[Band, ...]
    flags: tuple[FlagSpec, ...]
    loinc: Loinc
    licence: Licence
    sources: tuple[str, ...]
    subscales: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: _EMPTY_SUBSCALES)
    safety_items: tuple[str, ...] = ()
    context_keys: tuple[str, ...] = ()
    integer_total: bool = True
    clinician_rated: bool = False

    def score(self, answers: Answers, context: Context | None = None) -> InstrumentScore:
        """Validate and score one response (see the instrument module for the rules)."""
        return self.scorer(answers, context)

    def band_for(self, total: Number) -> str | None:
        """Return the band label for a total (lower bounds inclusive), None if unbanded."""
        return band_label(self.bands, total)

    def flag(self, name: str) -> FlagSpec:
        """Return the spec of one of this instrument's flags.

        Raises:
            KeyError: the instrument has no such flag.
        """
        for spec in self.flags:
            if spec.name == name:
                return spec
        raise KeyError(f"{self.code} has no flag {name!r}")

    @property
    def scored_item_count(self) -> int:
        """Number of items that count towards the total."""
        return sum(1 for item in self.items if item.scored)


_EMPTY_SUBSCALES: Mapping[str, tuple[str, ...]] = MappingProxyType({})


def band_label(bands: tuple[Band, ...], total: Number) -> str | None:
    """Return the label of the highest band whose lower bound is ≤ total (None if unbanded)."""
    label = None
    for band in bands:
        if total >= band.low:
            label = band.label
    return label


def format_number(value: Number) -> str:
    """Format a bound for messages: 3 not 3.0."""
    return str(int(value)) if float(value).is_integer() else str(value)


def numbered_options(
    low: int, high: int, anchors: Mapping[int, str] | None = None
) -> tuple[Option, ...]:
    """Options low…high labelled by their number, with optional anchor wording appended."""
    anchors = anchors or {}
    return tuple(
        Option(value, f"{value} {anchors[value]}" if value in anchors else str(value))
        for value in range(low, high + 1)
    )


def labelled_options(labels: tuple[str, ...], start: int = 0) -> tuple[Option, ...]:
    """Options numbered from `start` with the given labels."""
    return tuple(Option(start + offset, label) for offset, label in enumerate(labels))


def items_from_labels(labels: tuple[str, ...], options: tuple[Option, ...]) -> tuple[Item, ...]:
    """Items "1"…"n" sharing one option set, one per label."""
    low, high = options[0].value, options[-1].value
    return tuple(
        Item(str(number), label, options, low, high) for number, label in enumerate(labels, start=1)
    )


def licensed_items(count: int, options: tuple[Option, ...]) -> tuple[Item, ...]:
    """Items "1"…"count" with neutral labels: the practice loads its licensed wording."""
    return items_from_labels(
        tuple(f"Item {number} (see licensed form)" for number in range(1, count + 1)), options
    )


def vas_items(labels: tuple[str, ...], low_anchor: str, high_anchor: str) -> tuple[Item, ...]:
    """Items "1"…"n" on a 0–100 visual analogue scale (floats allowed), anchored at both ends."""
    anchors = (Option(0, low_anchor), Option(100, high_anchor))
    return tuple(
        Item(str(number), label, anchors, 0, 100, continuous=True)
        for number, label in enumerate(labels, start=1)
    )
