"""The client's "what to expect" guide for a protocol, in plain words (pure, no database).

Facts come from the protocol template (`domain.protocols`) and pharmacology reference §3
(monitoring, blood pressure, going home) and §6 (time course and how common each effect is);
the curve is the typical-individual simulation drawn by `treatments.timeline`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ketacare.domain.protocols import ProtocolTemplate
from ketacare.treatments.timeline import DoseEvent, TimelineChart, build_session_timeline

TYPICAL_WEIGHT_KG = 70.0
# Time 0 of the illustrative curve; only minutes from it are shown to the client.
_ORIGIN = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Effect:
    """A common effect in plain words, with how often it happens and where that comes from."""

    name: str
    how_common: str


@dataclass(frozen=True)
class ExpectPlan:
    """Everything the "what to expect" page says about one protocol."""

    protocol: ProtocolTemplate
    dose_text: str
    weight_kg: float
    is_weight_assumed: bool
    chart: TimelineChart
    dosing: str
    peak: str
    fade: str
    vitals: str
    earliest_leave_min: int
    monitoring_why: str
    effects: tuple[Effect, ...]
    effects_source: str

    @property
    def is_home(self) -> bool:
        return self.protocol.setting == "home"

    @property
    def is_spravato(self) -> bool:
        return self.protocol.drug == "esketamine"


# Spravato label, via reference §6 [V]: share of people who had each effect.
ESKETAMINE_EFFECTS = (
    Effect("Feeling detached or unreal (dissociation)", "about 4 in 10 people"),
    Effect("Dizziness", "about 3 in 10 people"),
    Effect("Nausea (feeling sick)", "about 3 in 10 people"),
    Effect("Sleepiness (sedation)", "about 1 in 4 people"),
    Effect("Spinning feeling (vertigo)", "about 1 in 4 people"),
    Effect("Being sick (vomiting)", "about 1 in 10 people or fewer"),
)
ESKETAMINE_SOURCE = "Spravato prescribing information (reference §6); effects lessen over sessions."
# IV racemic, community clinic n=203 (Rodrigues 2020, reference §6 [V]).
RACEMIC_EFFECTS = (
    Effect("Drowsiness", "about 1 in 2 people"),
    Effect("Dizziness", "a little under 1 in 2 people"),
    Effect("Feeling detached or unreal (dissociation)", "about 1 in 3 people"),
    Effect("Nausea (feeling sick)", "about 1 in 8 people"),
)
RACEMIC_SOURCE = (
    "A community clinic study of IV ketamine (reference §6); rates for injections and "
    "lozenges are not well measured and may differ."
)


def _dose(protocol: ProtocolTemplate, weight_kg: float) -> tuple[DoseEvent, str, str]:
    dose = protocol.phases[0].dose
    if protocol.drug == "esketamine":
        mg = dose.mg or 56.0
        devices = round(mg / 28)
        text = f"{mg:g} mg ({devices} devices)"
        how = (
            f"You spray the medicine into your nose yourself, one device every 5 minutes: "
            f"{devices} devices take about {5 * (devices - 1)} minutes. Blow your nose before "
            "the first device only."
        )
        return DoseEvent("intranasal", mg, _ORIGIN, devices=devices), text, how
    mg = dose.mg if dose.mg is not None else round((dose.mg_per_kg or 0.5) * weight_kg, 1)
    text = f"{mg:g} mg" + (f" ({dose.mg_per_kg:g} mg per kg)" if dose.mg_per_kg else "")
    if protocol.route == "iv":
        minutes = dose.infusion_min or 40
        end = _ORIGIN + dt.timedelta(minutes=minutes)
        how = f"The medicine runs slowly into a vein through a drip over {minutes} minutes."
        return DoseEvent("iv", mg, _ORIGIN, end), text, how
    if protocol.route == "im":
        how = "You have one injection into a muscle, usually the upper arm; it takes a moment."
        return DoseEvent("im", mg, _ORIGIN), text, how
    how = (
        "You let the lozenge dissolve in your mouth, as your care team shows you, without "
        "swallowing the medicine for as long as they advise."
    )
    return DoseEvent("sublingual", mg, _ORIGIN), text, how


def _earliest_leave_min(protocol: ProtocolTemplate, dose: DoseEvent) -> int:
    # IV: the monitoring time runs from the end of the infusion (reference §3 discharge [P]);
    # other protocols count from the start of dosing (Spravato: >= 2 h, REMS [V]).
    if dose.ended_at is not None:
        infusion = round((dose.ended_at - dose.started_at).total_seconds() / 60)
        return infusion + protocol.min_monitoring_min
    return protocol.min_monitoring_min


def _vitals_text(protocol: ProtocolTemplate) -> str:
    times = ", ".join(f"{m} minutes" for m in protocol.vitals_at_min if m > 0)
    cadence = (
        "Your blood pressure, pulse and oxygen level are checked before you start, then at "
        f"{times}, and about every {protocol.vitals_every_min} minutes in between and before "
        "you leave."
    )
    if protocol.drug == "esketamine":
        # Spravato label (reference §3 [V]): BP re-checked ~40 min, when the rise peaks.
        return (
            f"{cadence} The check at about 40 minutes matters most: that is when blood "
            "pressure usually rises the most, by a small amount on average, settling over "
            "the next hours."
        )
    return (
        f"{cadence} Blood pressure usually rises a little around the time the medicine peaks "
        "and settles afterwards."
    )


def _monitoring_why(protocol: ProtocolTemplate) -> str:
    if protocol.drug == "esketamine":
        return (
            "The Spravato safety programme (REMS) requires at least 2 hours of monitoring, and "
            "longer until any sleepiness, detached feelings or breathing changes have passed."
        )
    who = "your guide confirms" if protocol.setting == "home" else "staff confirm"
    return (
        "Sleepiness, detached feelings and a raised blood pressure can linger after the "
        f"medicine peaks. You stay until {who} you are steady and your blood pressure "
        "is settling (practice policy)."
    )


def expect_plan(protocol: ProtocolTemplate, weight_kg: float | None) -> ExpectPlan:
    """The plain-words guide for ``protocol`` at the client's weight (70 kg if unknown).

    Args:
        protocol: The course's protocol template.
        weight_kg: The latest recorded session weight, or None.

    Returns:
        The plan with its typical curve (no vitals: nothing has been measured yet).
    """
    weight = TYPICAL_WEIGHT_KG if weight_kg is None else float(weight_kg)
    dose, dose_text, dosing = _dose(protocol, weight)
    chart = build_session_timeline(protocol.drug, [dose], weight_kg, [], _ORIGIN)
    tmax = round(chart.tmax_min or 0)
    window = chart.window_min
    fade = (
        f"The strongest effects usually pass by about {window[1]:.0f} minutes after the "
        "start; you may feel tired or a little unsteady for the rest of the day."
        if window
        else "At this dose the model shows no clear period of strong effects; how it feels "
        "varies from person to person, and staff will watch you throughout."
    )
    return ExpectPlan(
        protocol=protocol,
        dose_text=dose_text,
        weight_kg=weight,
        is_weight_assumed=weight_kg is None,
        chart=chart,
        dosing=dosing,
        peak=f"The medicine is at its highest level in your blood about {tmax} minutes after "
        "you start.",
        fade=fade,
        vitals=_vitals_text(protocol),
        earliest_leave_min=_earliest_leave_min(protocol, dose),
        monitoring_why=_monitoring_why(protocol),
        effects=ESKETAMINE_EFFECTS if protocol.drug == "esketamine" else RACEMIC_EFFECTS,
        effects_source=ESKETAMINE_SOURCE if protocol.drug == "esketamine" else RACEMIC_SOURCE,
    )
