"""The four protocol templates a practice starts from, each fact with its source.

Sources (pharmacology reference §3): IV racemic 0.5 mg/kg over 40 min, 6 infusions in 2–3
weeks (Andrade 2017 [V]; Murrough 2013; Phillips 2019; Oliver 2022 [V]); Spravato US PI
(induction twice weekly weeks 1–4, weekly weeks 5–8, weekly or every 2 weeks from week 9;
56 mg on day 1 then 56 or 84 mg; 2 h minimum monitoring; BP before dosing and at ~40 min;
no food 2 h / liquids 30 min before; no driving until the next day) [V]; KAP by IM or
sublingual lozenges (Field Trip, Mindbloom, CTP/Wolfson) [V]; monitoring defaults [P].
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

Route = Literal["iv", "im", "sublingual", "intranasal"]
Drug = Literal["racemic_ketamine", "esketamine"]


@dataclass(frozen=True)
class Dose:
    """A planned dose: per kilogram (IV, IM) or fixed (lozenges, esketamine devices)."""

    mg_per_kg: float | None = None
    mg: float | None = None
    infusion_min: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Phase:
    """A run of sessions: how many, how often (sessions per week), and the dose."""

    name: str
    sessions: int
    per_week: float
    dose: Dose


@dataclass(frozen=True)
class ChecklistItem:
    """One readiness item the client confirms before a session."""

    code: str
    text: str
    source: str


@dataclass(frozen=True)
class ProtocolTemplate:
    """A protocol: drug, route, phases, monitoring and the readiness checklist."""

    code: str
    name: str
    drug: Drug
    route: Route
    phases: tuple[Phase, ...]
    min_monitoring_min: int
    vitals_every_min: int
    vitals_at_min: tuple[int, ...]
    fasting_food_h: float
    fasting_liquids_min: int
    checklist: tuple[ChecklistItem, ...]
    forms: tuple[str, ...]
    setting: Literal["clinic", "home"] = "clinic"
    sources: str = ""

    @property
    def total_sessions(self) -> int:
        """Sessions across every phase."""
        return sum(phase.sessions for phase in self.phases)


_LABEL = "Spravato (esketamine) US Prescribing Information [V]"
_P = "platform policy [P]"
_COMMON = (
    ChecklistItem("no_alcohol_24h", "No alcohol in the 24 hours before the session.", _P),
    ChecklistItem(
        "escort",
        "Someone will take me home, and I will not drive until the next day after sleep.",
        f"{_LABEL} §5.8",
    ),
    ChecklistItem(
        "medicines_as_advised",
        "I took my medicines as my prescriber advised (for example, benzodiazepines held).",
        "Andrashko 2020; Feeney 2023 [V] (benzodiazepines blunt response)",
    ),
    ChecklistItem(
        "set_and_setting",
        "I have set my intention and I know where I will rest afterwards.",
        _P,
    ),
    ChecklistItem(
        "support_plan",
        "I know who to contact if I feel unwell or distressed after the session.",
        _P,
    ),
)


def _fasting(food_h: float, liquids_min: int, source: str) -> ChecklistItem:
    return ChecklistItem(
        "fasting",
        f"Nothing to eat for {food_h:g} hours and nothing to drink for {liquids_min} minutes "
        "before the session.",
        source,
    )


IV_SERIES = ProtocolTemplate(
    code="iv_racemic_series",
    name="IV racemic ketamine: 6 infusions over 2–3 weeks",
    drug="racemic_ketamine",
    route="iv",
    phases=(Phase("induction", 6, 3, Dose(mg_per_kg=0.5, infusion_min=40)),),  # Murrough 2013
    min_monitoring_min=60,  # ≥60 min after the end of infusion and back to baseline [P]
    vitals_every_min=15,  # every 10–15 min during dosing, plus 40, 60 min and discharge [P]
    vitals_at_min=(0, 40, 60),
    fasting_food_h=6,
    fasting_liquids_min=120,
    checklist=(_fasting(6, 120, _P), *_COMMON),
    forms=("CADSS-6", "PHQ-9"),
    sources="Andrade 2017; Murrough 2013; Phillips 2019; Oliver 2022 [V]",
)

IM_KAP = ProtocolTemplate(
    code="im_kap",
    name="Ketamine-assisted psychotherapy, intramuscular",
    drug="racemic_ketamine",
    route="im",
    phases=(Phase("course", 6, 1, Dose(mg_per_kg=0.75, note="typical 0.5–1 mg/kg [R]")),),
    min_monitoring_min=90,
    vitals_every_min=15,
    vitals_at_min=(0, 20, 40, 60),  # peak ~20 min after IM (BJA Educ / Miller's) [V]
    fasting_food_h=4,
    fasting_liquids_min=60,
    checklist=(_fasting(4, 60, _P), *_COMMON),
    forms=("CADSS-6", "MEQ-30", "PHQ-9"),
    sources="Field Trip KAP 4–6 IM or SL sessions with psychotherapy [V]",
)

SUBLINGUAL_KAP = ProtocolTemplate(
    code="sublingual_kap",
    name="Ketamine-assisted psychotherapy, sublingual lozenges",
    drug="racemic_ketamine",
    route="sublingual",
    phases=(Phase("course", 4, 1, Dose(mg=200, note="usual 100–400 mg per session [V]")),),
    min_monitoring_min=120,
    vitals_every_min=30,
    vitals_at_min=(0, 45, 90),  # Tmax SL ~0.75 h (Chong 2006) [V]
    fasting_food_h=2,
    fasting_liquids_min=30,
    checklist=(_fasting(2, 30, _P), *_COMMON),
    forms=("PHQ-9", "GAD-7"),
    setting="home",
    sources="Mindbloom 4 sessions over 4 weeks; CTP/Wolfson lozenge method [V]",
)

SPRAVATO = ProtocolTemplate(
    code="spravato",
    name="Spravato (esketamine) nasal spray, label schedule",
    drug="esketamine",
    route="intranasal",
    phases=(
        Phase("induction (weeks 1–4)", 8, 2, Dose(mg=56, note="day 1 56 mg, then 56 or 84 mg")),
        Phase("weekly (weeks 5–8)", 4, 1, Dose(mg=56, note="56 or 84 mg")),
        # Maintenance is open-ended; the plan looks four sessions ahead and is extended later.
        Phase("maintenance (week 9 on)", 4, 1, Dose(mg=56, note="weekly or every 2 weeks")),
    ),
    min_monitoring_min=120,  # ≥2 h and until sedation and dissociation resolve (REMS) [V]
    vitals_every_min=30,
    vitals_at_min=(0, 40, 120),  # BP before dosing and at ~40 min (label) [V]
    fasting_food_h=2,
    fasting_liquids_min=30,
    checklist=(_fasting(2, 30, f"{_LABEL} §2"), *_COMMON),
    forms=("REMS patient monitoring form", "CADSS-6", "MADRS"),
    sources=_LABEL,
)

PROTOCOLS = MappingProxyType(
    {template.code: template for template in (IV_SERIES, IM_KAP, SUBLINGUAL_KAP, SPRAVATO)}
)


def protocol_get(code: str) -> ProtocolTemplate:
    """The template with ``code``.

    Raises:
        KeyError: unknown code (the message lists the known ones).
    """
    try:
        return PROTOCOLS[code]
    except KeyError:
        raise KeyError(f"unknown protocol {code!r}; known: {', '.join(PROTOCOLS)}") from None
