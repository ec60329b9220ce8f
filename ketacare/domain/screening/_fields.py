"""Typed readers for JSON-like values that raise `ProfileError` naming the offending field."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TypeVar

from ketacare.domain.screening.vocabulary import Coded

CodedT = TypeVar("CodedT", bound=Coded)

MAX_TEXT_LENGTH = 200


class ProfileError(ValueError):
    """An intake profile is invalid; `field` names where, e.g. `medications[2].daily_dose_mg`."""

    def __init__(self, field: str, message: str) -> None:
        """Record the field path and build the message `"<field>: <message>"`."""
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def child(parent: str, name: str | int) -> str:
    """Path of a member (`vitals.sbp`) or a list item (`medications[2]`) below `parent`."""
    if isinstance(name, int):
        return f"{parent}[{name}]"
    return f"{parent}.{name}" if parent else name


def read_object(
    value: object, field: str, *, required: Sequence[str], optional: Sequence[str]
) -> Mapping[str, object]:
    """Check that `value` is an object with all `required` keys and no unknown ones.

    Raises:
        ProfileError: naming the object, the missing key or the unknown key.
    """
    if not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value):
        raise ProfileError(field or "profile", "must be a JSON object")
    known = (*required, *optional)
    for key in value:
        if key not in known:
            raise ProfileError(
                child(field, key), f"unknown field (expected one of: {', '.join(known)})"
            )
    for key in required:
        if value.get(key) is None:
            raise ProfileError(child(field, key), "required field is missing")
    return value


def read_list(value: object, field: str) -> Sequence[object]:
    """Return `value` as a JSON array.

    Raises:
        ProfileError: if it is not a list.
    """
    if not isinstance(value, list | tuple):
        raise ProfileError(field, "must be a list")
    return value


def read_bool(value: object, field: str) -> bool:
    """Return `value` as a JSON boolean (no 0/1 or "yes").

    Raises:
        ProfileError: if it is not `true` or `false`.
    """
    if not isinstance(value, bool):
        raise ProfileError(field, "must be true or false")
    return value


def read_int(value: object, field: str, *, low: int, high: int, unit: str) -> int:
    """Return `value` as a whole number in `[low, high]`.

    Raises:
        ProfileError: if it is not an integer (booleans are not) or is out of range.
    """
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ProfileError(field, f"must be a whole number {low}-{high} {unit}")
    return value


def read_number(
    value: object, field: str, *, low: float, high: float, unit: str, low_inclusive: bool = True
) -> float:
    """Return `value` as a finite number in range (`low` excluded unless `low_inclusive`).

    Raises:
        ProfileError: if it is not a number (booleans are not) or is out of range.
    """
    bound = "≥" if low_inclusive else ">"
    message = f"must be a number {bound} {low:g} and ≤ {high:g} {unit}"
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ProfileError(field, message)
    number = float(value)
    above_low = number >= low if low_inclusive else number > low
    if not math.isfinite(number) or not above_low or number > high:
        raise ProfileError(field, message)
    return number


def read_text(value: object, field: str) -> str:
    """Return `value` as a non-blank string of at most `MAX_TEXT_LENGTH` characters.

    Raises:
        ProfileError: if it is not a string, is blank or is too long.
    """
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT_LENGTH:
        raise ProfileError(
            field, f"must be a non-empty text of at most {MAX_TEXT_LENGTH} characters"
        )
    return value.strip()


def read_code(value: object, field: str, vocabulary: type[CodedT]) -> CodedT:
    """Return the member of `vocabulary` whose code is `value`.

    Raises:
        ProfileError: naming the unknown code and listing the valid ones.
    """
    if not isinstance(value, str):
        raise ProfileError(field, "must be a code (a string)")
    try:
        return vocabulary.from_code(value)
    except ValueError:
        codes = vocabulary.codes()
        expected = ", ".join(codes) if len(codes) <= 12 else "see `ketacare screen --codes`"
        raise ProfileError(field, f"unknown code {value!r} (expected: {expected})") from None


def read_codes(value: object, field: str, vocabulary: type[CodedT]) -> frozenset[CodedT]:
    """Return a list of codes as a set (duplicates collapse).

    Raises:
        ProfileError: if it is not a list or an item is not a known code.
    """
    items = read_list(value, field)
    return frozenset(
        read_code(item, child(field, index), vocabulary) for index, item in enumerate(items)
    )
