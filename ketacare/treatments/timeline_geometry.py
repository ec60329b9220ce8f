"""Output geometry of the session timeline: SVG units, scales, ticks and the chart dataclass.

Split from `treatments.timeline` (which builds it) to keep each module small; import the
public names from `ketacare.treatments.timeline`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

WIDTH = 640
HEIGHT = 280
LEFT = 48
RIGHT = 56  # room for the blood-pressure axis
TOP = 16
BOTTOM = 44
BP_RANGE_MMHG = (40.0, 200.0)


@dataclass(frozen=True)
class Tick:
    text: str
    x: float
    y: float


@dataclass(frozen=True)
class Marker:
    """A vitals marker (systolic or diastolic) on the blood-pressure axis."""

    x: float
    y: float
    kind: str  # "systolic" | "diastolic"
    text: str

    @property
    def corner_x(self) -> float:
        """Top-left corner of the 8-unit square drawn for a diastolic reading."""
        return round(self.x - 4, 2)

    @property
    def corner_y(self) -> float:
        return round(self.y - 4, 2)


@dataclass(frozen=True)
class TableRow:
    """One row of "Show the numbers": minutes from start, clock time, expected ng/mL."""

    minute: int
    clock: str
    parent_ng_ml: str
    metabolite_ng_ml: str


@dataclass(frozen=True)
class VitalsRow:
    minute: int
    clock: str
    blood_pressure: str
    heart_rate: str
    spo2: str


@dataclass(frozen=True)
class TimelineChart:
    """Everything the SVG template needs, in the viewBox's units (0,0 at the top left)."""

    summary: str
    parent: str
    metabolite: str
    sampling: str
    weight_kg: float
    is_weight_assumed: bool
    curve: str  # polyline points of the parent drug
    metabolite_curve: str
    window_x: float | None  # shaded dissociation window (None: no published window)
    window_width: float
    window_text: str
    window_source: str
    window_min: tuple[float, float] | None  # (start, end) minutes, for plain-words text
    now_x: float | None
    markers: tuple[Marker, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    bp_ticks: tuple[Tick, ...]
    rows: tuple[TableRow, ...]
    vitals_rows: tuple[VitalsRow, ...]
    cmax_ng_ml: float | None
    tmax_min: float | None
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
    def plot_height(self) -> int:
        return self.bottom - self.top

    @property
    def window_label_x(self) -> float:
        return (self.window_x or 0.0) + 4

    @property
    def window_label_y(self) -> int:
        return self.top + 12

    @property
    def now_label_y(self) -> int:
        return self.top - 4

    @property
    def x_label_x(self) -> float:
        return (self.left + self.right) / 2

    @property
    def x_label_y(self) -> int:
        return self.height - 6


def nice_max(value: float) -> float:
    """A round axis maximum at or above ``value`` (1-8 times a power of ten, quarters readable)."""
    if value <= 0:
        return 10.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8, 10) if m * power >= value)


@dataclass(frozen=True)
class Scale:
    """Maps minutes, ng/mL and mmHg to viewBox units."""

    span_min: float
    conc_max: float
    bp_low: float
    bp_high: float

    def x(self, minute: float) -> float:
        return round(LEFT + minute / self.span_min * (WIDTH - LEFT - RIGHT), 2)

    def y(self, ng_ml: float) -> float:
        return round(TOP + (1 - ng_ml / self.conc_max) * (HEIGHT - TOP - BOTTOM), 2)

    def y_bp(self, mmhg: float) -> float:
        share = (mmhg - self.bp_low) / (self.bp_high - self.bp_low)
        return round(TOP + (1 - share) * (HEIGHT - TOP - BOTTOM), 2)


def ticks(scale: Scale) -> tuple[tuple[Tick, ...], tuple[Tick, ...], tuple[Tick, ...]]:
    """Minute ticks (every 30 min up to 4 h, else hourly), ng/mL and mmHg quarters."""
    step = 30 if scale.span_min <= 240 else 60
    x_ticks = tuple(
        Tick(f"{m}", scale.x(m), HEIGHT - BOTTOM + 16)
        for m in range(0, int(scale.span_min) + 1, step)
    )
    y_ticks = tuple(
        Tick(f"{scale.conc_max * i / 4:g}", LEFT - 6, scale.y(scale.conc_max * i / 4) + 4)
        for i in range(5)
    )
    bp_step = (scale.bp_high - scale.bp_low) / 4
    bp_ticks = tuple(
        Tick(
            f"{scale.bp_low + i * bp_step:g}",
            WIDTH - RIGHT + 6,
            scale.y_bp(scale.bp_low + i * bp_step) + 4,
        )
        for i in range(5)
    )
    return x_ticks, y_ticks, bp_ticks
