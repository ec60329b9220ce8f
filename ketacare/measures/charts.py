"""Score-history chart geometry: band rectangles, the totals line and axis ticks, in SVG units.

Pure (no database, no clock): templates draw the SVG from what `chart_build` returns, so the
chart needs no JavaScript and no inline styles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ketacare.domain.instruments import Instrument
from ketacare.domain.instruments.base import Direction, format_number

WIDTH = 640
HEIGHT = 260
LEFT = 44
RIGHT = 132  # room for the band labels
TOP = 14
BOTTOM = 40
MAX_X_TICKS = 6
# Presentation-attribute fills (CSS classes in ketacare.css may refine them): calm to strong.
TONES = ("#e3f1ea", "#eef4dc", "#fbf1d2", "#fbe2cc", "#f6d3d0")


@dataclass(frozen=True)
class Sample:
    """One scored response: when it was submitted, its total and its band label ("" if none)."""

    when: dt.datetime
    total: float
    band: str


@dataclass(frozen=True)
class BandRect:
    label: str
    y: float
    height: float
    label_y: float
    tone: int
    fill: str


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    sample: Sample
    text: str


@dataclass(frozen=True)
class Tick:
    text: str
    x: float
    y: float


@dataclass(frozen=True)
class Chart:
    """Everything the SVG template needs, in the viewBox's units (0,0 at the top left)."""

    code: str
    summary: str
    bands: tuple[BandRect, ...]
    points: tuple[ChartPoint, ...]
    polyline: str
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM

    @property
    def plot_width(self) -> int:
        return self.right - self.left

    @property
    def label_x(self) -> int:
        """Where band labels start, just right of the plot."""
        return self.right + 6


def number(value: float) -> str:
    """A total as people read it: 9, 3.5 or 3.42 (at most two decimals)."""
    return format_number(round(value, 2))


def short_date(when: dt.datetime) -> str:
    """Day and abbreviated month, e.g. 3 Nov."""
    return f"{when.day} {when:%b}"


def _range(instrument: Instrument, samples: Sequence[Sample]) -> tuple[float, float]:
    totals = [s.total for s in samples]
    low = float(instrument.total_min) if instrument.total_min is not None else min(totals)
    high = float(instrument.total_max) if instrument.total_max is not None else max(totals)
    low, high = min(low, *totals), max(high, *totals)
    return (low, high) if high > low else (low, low + 1)


class _Scale:
    def __init__(self, low: float, high: float, first: dt.datetime, last: dt.datetime) -> None:
        self.low, self.high, self.first = low, high, first
        self.span_s = (last - first).total_seconds()

    def y(self, value: float) -> float:
        return round(
            TOP + (self.high - value) / (self.high - self.low) * (HEIGHT - TOP - BOTTOM), 2
        )

    def x(self, when: dt.datetime) -> float:
        width = WIDTH - LEFT - RIGHT
        if self.span_s <= 0:
            return round(LEFT + width / 2, 2)
        return round(LEFT + (when - self.first).total_seconds() / self.span_s * width, 2)


def _tone(index: int, count: int, direction: Direction) -> int:
    """0 (best) … 4 (worst), spreading the bands over the five tones."""
    if count == 1:
        return 0
    rank = count - 1 - index if direction is Direction.HIGHER_IS_BETTER else index
    return round(rank * (len(TONES) - 1) / (count - 1))


def _bands(instrument: Instrument, scale: _Scale) -> tuple[BandRect, ...]:
    # Published bands are inclusive integer ranges (0–4, 5–9): each rectangle runs up to the
    # next band's low so the shading has no gaps and spans the whole instrument range.
    bands = sorted(instrument.bands, key=lambda band: band.low)
    rects = []
    for index, band in enumerate(bands):
        start = scale.low if index == 0 else float(band.low)
        end = scale.high if index == len(bands) - 1 else float(bands[index + 1].low)
        top, bottom = scale.y(end), scale.y(start)
        tone = _tone(index, len(bands), instrument.direction)
        rects.append(
            BandRect(
                band.label,
                top,
                round(bottom - top, 2),
                round((top + bottom) / 2, 2),
                tone,
                TONES[tone],
            )
        )
    return tuple(rects)


def _x_ticks(points: Sequence[ChartPoint]) -> tuple[Tick, ...]:
    if len(points) <= MAX_X_TICKS:
        chosen = list(points)
    else:
        step = (len(points) - 1) / (MAX_X_TICKS - 1)
        chosen = [points[round(i * step)] for i in range(MAX_X_TICKS)]
    return tuple(Tick(short_date(p.sample.when), p.x, HEIGHT - BOTTOM + 18) for p in chosen)


def _y_ticks(instrument: Instrument, scale: _Scale) -> tuple[Tick, ...]:
    values = {scale.low, scale.high} | {float(b.low) for b in instrument.bands[1:]}
    return tuple(Tick(number(v), LEFT - 6, scale.y(v) + 4) for v in sorted(values))


def scored(sample: Sample) -> str:
    """A total with its band in brackets when it has one: "9 (mild)"."""
    return f"{number(sample.total)} ({sample.band})" if sample.band else number(sample.total)


def _summary(instrument: Instrument, points: Sequence[ChartPoint]) -> str:
    first, last = points[0].sample, points[-1].sample
    shown = f"{len(points)} response{'s' if len(points) != 1 else ''}"
    return (
        f"{instrument.code} totals over time, {shown}: {scored(first)} on "
        f"{short_date(first.when)}, latest {scored(last)} on {short_date(last.when)}."
    )


def chart_build(instrument: Instrument, samples: Sequence[Sample]) -> Chart | None:
    """The chart of ``samples`` (any order) drawn over the instrument's bands, or None if empty.

    Args:
        instrument: gives the y range (``total_min``–``total_max``), bands and direction.
        samples: scored responses of that instrument.

    Returns:
        The geometry in SVG user units, oldest point on the left; None without samples.
    """
    if not samples:
        return None
    ordered = sorted(samples, key=lambda s: s.when)
    scale = _Scale(*_range(instrument, ordered), ordered[0].when, ordered[-1].when)
    points = tuple(
        ChartPoint(
            scale.x(s.when),
            scale.y(s.total),
            s,
            f"{short_date(s.when)}: {scored(s)}",
        )
        for s in ordered
    )
    return Chart(
        code=instrument.code,
        summary=_summary(instrument, points),
        bands=_bands(instrument, scale),
        points=points,
        polyline=" ".join(f"{p.x},{p.y}" for p in points),
        x_ticks=_x_ticks(points),
        y_ticks=_y_ticks(instrument, scale),
    )
