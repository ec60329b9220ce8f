"""A client's progress in plain words: trajectories over severity bands, sessions, milestones.

Milestones use the instruments core's definitions (`domain.instruments.change`, reference
instruments.md §3): response is a fall of at least half from the baseline, remission a score
below the remission line (PHQ-9 and GAD-7 < 5), and relapse the outcomes core's rule
(`domain.outcomes.RELAPSE_RULES`, PHQ-9 ≥ 10 twice in a row 5–15 days apart, [P]).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ketacare.domain.instruments import lookup
from ketacare.domain.instruments.change import change
from ketacare.domain.instruments.relapse import detect_relapse
from ketacare.domain.outcomes import RELAPSE_RULES
from ketacare.measures.charts import Chart, Sample, chart_build, number, short_date
from ketacare.outcomes.courses import Attribution, CourseTimeline, Score
from ketacare.outcomes.selectors import PROGRESS_INSTRUMENTS, ProgressData


@dataclass(frozen=True)
class SessionMark:
    """A vertical line on the chart where a dosing session was given."""

    x: float
    label: str


@dataclass(frozen=True)
class Trajectory:
    """One instrument: its chart, the session marks on it, and the milestones reached."""

    code: str
    name: str
    chart: Chart
    samples: tuple[Sample, ...]
    sessions: tuple[SessionMark, ...]
    milestones: tuple[str, ...]


@dataclass(frozen=True)
class Progress:
    """Everything the progress page shows."""

    trajectories: tuple[Trajectory, ...]
    sessions_given: int
    check_ins_done: int
    check_ins: int

    @property
    def commitments_sentence(self) -> str:
        """Commitments kept, from the integration check-ins, in plain words."""
        if not self.check_ins:
            return "No commitment check-ins yet."
        return f"Commitments kept: {self.check_ins_done} of {self.check_ins} check-ins marked done."


def _when(day: dt.date) -> str:
    return short_date(dt.datetime.combine(day, dt.time(12)))


def _session_marks(
    chart: Chart, samples: list[Sample], days: list[dt.date]
) -> tuple[SessionMark, ...]:
    first, last = samples[0].when, samples[-1].when
    span = (last - first).total_seconds()
    if span <= 0:
        return ()
    marks = []
    for day in days:
        noon = dt.datetime.combine(day, dt.time(12), tzinfo=first.tzinfo)
        if first <= noon <= last:
            x = chart.left + (noon - first).total_seconds() / span * chart.plot_width
            marks.append(SessionMark(round(x, 2), f"Session on {_when(day)}"))
    return tuple(marks)


def _follow_ups(
    course: CourseTimeline, scores: list[Score], attribution: Attribution
) -> list[tuple[int, Score]]:
    return [
        ((s.day - course.day0).days, s)
        for s in scores
        if attribution.follow_up(s.client_pk, s.day) is course
    ]


def milestones(
    code: str, scores: list[Score], courses: list[CourseTimeline], *, you: bool = True
) -> tuple[str, ...]:
    """Response, remission and relapse on the latest treated course with a baseline."""
    attribution = Attribution(courses)
    baselines = {}
    for score in scores:
        course = attribution.baseline_for(score)
        if course is not None and course.is_treated:
            baselines[course.course_pk] = (course, score)
    if not baselines:
        return ()
    course, baseline = max(baselines.values(), key=lambda pair: pair[0].day0)
    follow = _follow_ups(course, scores, attribution)
    name = f"Your {code}" if you else code
    start = number(baseline.total or 0)
    found: list[str] = []
    response_day = _first(code, baseline, follow, "response")
    if response_day is not None:
        _, score = response_day
        found.append(
            f"{name} fell by half, from {start} before the first session to "
            f"{number(score.total or 0)} on {_when(score.day)}: that is what studies call a "
            "response."
        )
    remission = _first(code, baseline, follow, "remission")
    if remission is not None:
        found.append(
            f"{name} reached {number(remission[1].total or 0)} on {_when(remission[1].day)}, "
            "in the lowest range: that is what studies call remission."
        )
    rule = RELAPSE_RULES.get(code)
    if response_day is not None and rule is not None:
        later = [(day, s.total or 0) for day, s in follow if day > response_day[0]]
        relapse = detect_relapse(later, rule)
        if relapse.relapse:
            found.append(
                f"{name} was {number(rule.threshold)} or more twice in a row after the response"
                + (". Your care team will talk it through with you." if you else
                   ": that meets the relapse rule.")
            )  # fmt: skip
    return tuple(found)


def _whole(total: float | None) -> float | int:
    value = total or 0.0
    return int(value) if value.is_integer() else value  # integer-scored instruments want ints


def _first(
    code: str, baseline: Score, follow: list[tuple[int, Score]], metric: str
) -> tuple[int, Score] | None:
    for day, score in follow:
        metrics = change(code, _whole(baseline.total), _whole(score.total)).metrics
        if getattr(metrics, metric):
            return day, score
    return None


def progress_build(data: ProgressData, *, you: bool = True) -> Progress:
    """The charts and milestones of `data`; `you` words them for the client themself."""
    session_days = [
        course.day0 + dt.timedelta(days=offset)
        for course in data.courses
        for offset in course.session_days
    ]
    trajectories = []
    for code in PROGRESS_INSTRUMENTS:
        spec = lookup(code)
        scores = [s for s in data.scores if s.instrument == code]
        samples = [Sample(s.when, s.total or 0, spec.band_for(s.total or 0) or "") for s in scores]
        chart = chart_build(spec, samples)
        if chart is None:
            continue
        ordered = sorted(samples, key=lambda s: s.when)
        trajectories.append(
            Trajectory(
                code,
                spec.name,
                chart,
                tuple(ordered),
                _session_marks(chart, ordered, session_days),
                milestones(code, scores, data.courses, you=you),
            )
        )
    return Progress(
        tuple(trajectories),
        sum(course.n_sessions for course in data.courses),
        data.check_ins_done,
        data.check_ins,
    )
