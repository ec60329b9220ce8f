"""Validation at the scoring boundary: answers, context and skip logic.

`AnswerReader` checks untrusted answers against an instrument's items once, with precomputed
tables so the common case stays fast; the helpers check context and skip-logic consistency.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from types import MappingProxyType
from typing import cast

from ketacare.domain.instruments.base import (
    Band,
    Context,
    InvalidAnswers,
    Item,
    Number,
    band_label,
    format_number,
)

_ABSENT = object()
_EMPTY: Mapping[str, object] = MappingProxyType({})


def band_table(bands: tuple[Band, ...], maximum: int) -> tuple[str, ...]:
    """Precompute band labels for integer totals 0…maximum (a hot-path lookup table).

    Raises:
        ValueError: a total in range is not covered by any band (a spec error at import).
    """
    labels = tuple(band_label(bands, total) for total in range(maximum + 1))
    if None in labels:
        raise ValueError(f"bands do not cover every total 0–{maximum}")
    return cast("tuple[str, ...]", labels)


def check_context(code: str, context: Context | None, allowed: tuple[str, ...]) -> Context:
    """Reject context that is not a mapping or names keys this instrument does not take.

    Unknown keys are errors rather than ignored so that a misspelt `cutoff` or `sex` cannot
    silently fall back to a default.
    """
    if context is None:
        return _EMPTY
    if not isinstance(context, Mapping):
        raise InvalidAnswers(f"{code} context must be an object")
    for key in context:
        if key not in allowed:
            takes = ", ".join(allowed) if allowed else "none"
            raise InvalidAnswers(f"{code} takes no context {key!r} (allowed: {takes})")
    return context


class AnswerReader:
    """Validate raw answers against an instrument's items, with precomputed lookup tables.

    The common case (every value an int in the allowed set) runs one dict lookup and one set
    membership per item; anything else takes the slow path, which either normalises the value
    (other integral types) or raises `InvalidAnswers` naming the item.
    """

    __slots__ = ("_checks", "_code", "_is_integer", "_items", "_known")

    def __init__(self, code: str, items: tuple[Item, ...]) -> None:
        """Precompute the per-item checks for `items` of instrument `code`."""
        self._code = code
        self._items = {item.key: item for item in items}
        self._checks = tuple((item.key, item.allowed, item.required) for item in items)
        self._known = frozenset(self._items)
        self._is_integer = not any(item.continuous for item in items)

    def read_int(self, answers: object) -> dict[str, int]:
        """Like `read`, for instruments whose items are all integer-valued.

        Raises:
            InvalidAnswers: as `read`.
            TypeError: the instrument has continuous (VAS) items.
        """
        if not self._is_integer:
            raise TypeError(f"{self._code} has continuous items; use read()")
        return cast("dict[str, int]", self.read(answers))

    def read(self, answers: object) -> dict[str, Number]:
        """Return the answered items as `{key: value}`; absent or null items are left out.

        Raises:
            InvalidAnswers: not a mapping, unknown item, wrong type, out of range, or a
                required item missing.
        """
        if type(answers) is not dict and not isinstance(answers, Mapping):
            raise InvalidAnswers(f"{self._code} answers must be an object of item → value")
        values: dict[str, Number] = {}
        get = answers.get
        for key, allowed, required in self._checks:
            value = get(key, _ABSENT)
            if type(value) is int and value in allowed:
                values[key] = value
            elif value is _ABSENT or value is None:
                if required:
                    self._reject_unknown(answers)
                    raise InvalidAnswers(f"{self._code} item {key} is missing")
            else:
                values[key] = self._coerce(self._items[key], value)
        if len(values) != len(answers):
            self._reject_unknown(answers)
        return values

    def _reject_unknown(self, answers: Mapping[object, object]) -> None:
        for key in answers:
            if key not in self._known:
                if isinstance(key, str):
                    raise InvalidAnswers(f"{self._code} has no item {key}")
                raise InvalidAnswers(f"{self._code} item keys must be strings, got {key!r}")

    def _coerce(self, item: Item, value: object) -> Number:
        prefix = f"{self._code} item {item.key}: value {value!r}"
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise InvalidAnswers(f"{prefix} is not a number")
        if item.continuous:
            number = float(value)
            if math.isfinite(number) and item.minimum <= number <= item.maximum:
                return value if isinstance(value, int) else number
        elif not isinstance(value, numbers.Integral):
            raise InvalidAnswers(f"{prefix} is not an integer")
        elif int(value) in item.allowed:
            return int(value)
        raise InvalidAnswers(f"{prefix} {_range_text(item)}")


def _range_text(item: Item) -> str:
    allowed = sorted(item.allowed)
    low, high = format_number(item.minimum), format_number(item.maximum)
    if item.continuous or allowed == list(range(int(item.minimum), int(item.maximum) + 1)):
        return f"is out of range {low}–{high}"
    return "is not one of " + ", ".join(str(value) for value in allowed)


def require_consistent_skip(
    code: str, values: Mapping[str, Number], skipped: tuple[str, ...]
) -> None:
    """Reject a non-zero answer to an item the form's skip logic says was not asked.

    Skipped items score 0 and may be absent; a non-zero answer contradicts the gating answer,
    so it is refused rather than silently dropped or scored (platform choice, docs/instruments.md).
    """
    for key in skipped:
        if values.get(key, 0) != 0:
            raise InvalidAnswers(
                f"{code} item {key}: value {values[key]} given for an item the skip logic skips"
            )


def require_items(code: str, values: Mapping[str, Number], keys: tuple[str, ...]) -> None:
    """Raise for the first of `keys` that skip logic makes required but is absent."""
    for key in keys:
        if key not in values:
            raise InvalidAnswers(f"{code} item {key} is missing")
