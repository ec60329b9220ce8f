"""Published pharmacokinetic parameters of ketamine, norketamine, esketamine and noresketamine.

Every constant names its source and evidence tag from docs/reference/pharmacology.md
([V] verified in a source, [R] recalled, [P] platform policy or calibration). Volumes are in L,
clearances in L/min and rate constants per minute unless the name says otherwise; racemic
values are for a 70-kg adult and scale with weight as volume x (WT/70)^1 and
clearance x (WT/70)^0.75 (reference §1.1 recommendation [P]).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

MINUTES_PER_HOUR = 60.0
NG_PER_ML_PER_MG_PER_L = 1000.0  # 1 mg/L = 1000 ng/mL
REFERENCE_WEIGHT_KG = 70.0
VOLUME_EXPONENT = 1.0  # reference §1.1 [P]
CLEARANCE_EXPONENT = 0.75  # reference §1.1 [P]
WEIGHT_RANGE_KG = (20.0, 300.0)  # validity range accepted by the simulator [P]

KETAMINE_MW_G_MOL = 237.7  # reference header [V]
NORKETAMINE_MW_G_MOL = 223.7  # C12H14ClNO; ketamine minus CH2 (14.0 g/mol)
# Mass of norketamine formed per mg of ketamine metabolised by N-demethylation.
NORKETAMINE_PER_KETAMINE_MG = NORKETAMINE_MW_G_MOL / KETAMINE_MW_G_MOL


class Sampling(StrEnum):
    """Blood sampling site that a model's concentrations correspond to."""

    VENOUS = "venous"
    ARTERIAL = "arterial"


@dataclass(frozen=True)
class DispositionModel:
    """A mammillary disposition model for racemic ketamine (70-kg values).

    Attributes:
        name: Identifier used by `model=`.
        label: Human-readable name with the source.
        sampling: Sampling site its concentrations correspond to.
        central_l: Central volume V1 (L / 70 kg).
        clearance_l_min: Elimination clearance CL (L/min / 70 kg).
        peripherals: (volume L, inter-compartmental clearance L/min) per peripheral compartment.
        evidence: Source, evidence tag and caveats.
    """

    name: str
    label: str
    sampling: Sampling
    central_l: float
    clearance_l_min: float
    peripherals: tuple[tuple[float, float], ...]
    evidence: str


def _from_micro_constants(
    v1_l_per_kg: float, k10: float, transfers: tuple[tuple[float, float], ...]
) -> tuple[float, float, tuple[tuple[float, float], ...]]:
    """Convert per-kg micro-constants (per minute) to 70-kg volumes and clearances."""
    v1 = v1_l_per_kg * REFERENCE_WEIGHT_KG
    peripherals = tuple((v1 * k_out / k_back, v1 * k_out) for k_out, k_back in transfers)
    return v1, v1 * k10, peripherals


# Domino constants as distributed by opentiva `ketamine.Domino` (cites PMID 7198883):
# V1 0.063 L/kg; k10 0.4381, k12 0.5921, k13 0.590, k21 0.2470, k31 0.0146 per min [V].
_DOMINO = _from_micro_constants(0.063, 0.4381, ((0.5921, 0.2470), (0.590, 0.0146)))
DOMINO = DispositionModel(
    name="domino",
    label="Domino 1982 (opentiva constants), 3-compartment",
    sampling=Sampling.VENOUS,
    central_l=_DOMINO[0],
    clearance_l_min=_DOMINO[1],
    peripherals=_DOMINO[2],
    evidence=(
        "Constants [V] (opentiva ketamine.Domino, PMID 7198883, surgical patients [R]); the "
        "primary paper's sampling site was not re-read [R]. Classified venous because its "
        "0.5 mg/kg/40-min peak (240 ng/mL at 70 kg) lies inside the published venous range "
        "100-250 ng/mL (reference §1.1-2 [P]). CL 116 L/h/70 kg is above the Kamp-2020 CI."
    ),
)

# Kamp 2020 meta-model as transcribed by a third party [unverified]: V1 25, V2 56, V3 157 L;
# CL 84, Q2 161, Q3 79 L/h per 70 kg. Its 0.5 mg/kg/40-min peak (253) is above the venous range.
KAMP_ARTERIAL = DispositionModel(
    name="kamp_arterial",
    label="Kamp 2020 meta-analysis 3-compartment (third-party transcription)",
    sampling=Sampling.ARTERIAL,
    central_l=25.0,
    clearance_l_min=84.0 / MINUTES_PER_HOUR,
    peripherals=((56.0, 161.0 / MINUTES_PER_HOUR), (157.0, 79.0 / MINUTES_PER_HOUR)),
    evidence=(
        "Kamp 2020 Anesthesiology 133:1192 [V abstract: CL 79 L/h, Vd 252 L per 70 kg; "
        "arterial central compartment]; the 3-compartment constants are a third-party "
        "transcription [unverified]. Arterial: 0.5 mg/kg/40 min peaks at 253 ng/mL."
    ),
)

# Clements & Nimmo 1981 (250 ug/kg bolus; opentiva `Clements250`): V1 1.7522 L/kg,
# k10 0.0109, k12 0.0186, k21 0.0137 per min [V]. CL 80 L/h, Vss 290 L per 70 kg.
_CLEMENTS = _from_micro_constants(1.7522, 0.0109, ((0.0186, 0.0137),))
CLEMENTS = DispositionModel(
    name="clements",
    label="Clements & Nimmo 1981, 2-compartment",
    sampling=Sampling.VENOUS,
    central_l=_CLEMENTS[0],
    clearance_l_min=_CLEMENTS[1],
    peripherals=_CLEMENTS[2],
    evidence=(
        "Clements & Nimmo 1981 via opentiva Clements250 [V]; venous samples [R]. Large V1 "
        "(early samples missed) blunts bolus and IM peaks; 0.5 mg/kg/40 min peaks at 177."
    ),
)

# Default [P]: Domino. The reference (§1.1) accepts "the Domino constants" as the default when
# the Kamp transcription has no venous correction; the published venous correction (Kamp's
# two venous-delay compartments) has no verified parameters, and a first-order venous lag
# would move the IV peak past the end of the infusion, contradicting Tmax = 40 min (§2).
DEFAULT_RACEMIC_MODEL = DOMINO.name
RACEMIC_MODELS: dict[str, DispositionModel] = {
    model.name: model for model in (DOMINO, KAMP_ARTERIAL, CLEMENTS)
}

# --- Racemic absorption (reference §1.3) -------------------------------------------------------
F_IM = 0.93  # Clements 1982 [V via reviews]
F_SC = F_IM  # no robust human F: assumed equal to IM [P] (reference §1.3)
F_INTRANASAL_DEFAULT = 0.45  # Yanagihara 2003, 25-mg spray, n=3 [V]; device-dependent input
F_ORAL = 0.20  # Yanagihara 2003 ~0.20 [V]; Clements 1982 0.17, Chong 0.23 +/- 0.09
F_SUBLINGUAL = 0.29  # Rolan 2014 wafer 25 mg, 27-31% [V]; Yanagihara 0.30


@dataclass(frozen=True)
class AbsorptionShape:
    """Input into the circulation: zero-order over `zero_order_min`, then first-order `ka`.

    The zero-order phase stands for dissolution, gastric emptying or mucosal transfer; without
    it, first-order absorption into a model with a small V1 peaks far too early (reference
    §1.3 modelling note [P]).
    """

    zero_order_min: float
    ka_per_min: float


# Shapes are calibrated [P] with the default (Domino) disposition; each line says against what.
# IM/SC: Tmax ~20 min (BJA Education / Miller's Anesthesia [V]); ka 0.06 /min (t1/2 12 min)
# chosen [P]; no verified IM Cmax exists to check the height (reference §7.2).
ABSORPTION_IM = AbsorptionShape(zero_order_min=18.0, ka_per_min=0.06)
# Intranasal racemic: calibrated to Pharmacotherapy 2022 Table 6 [V] (10/30/50 mg, F 17/13/11%:
# Cmax 22.9/60.8/77.6 ng/mL, Tmax 23/14/16 min).
ABSORPTION_NASAL = AbsorptionShape(zero_order_min=15.0, ka_per_min=0.3)
# Sublingual: ka 0.04 /min from Simons 2022 S-ketamine thin film [V]; duration calibrated to
# the 0.75-h median Tmax (Rolan 2014, Chong 2006 [V]). Cmax is then checked, not fitted.
ABSORPTION_SUBLINGUAL = AbsorptionShape(zero_order_min=45.0, ka_per_min=0.04)
# Oral: duration calibrated to Tmax within 0.5-1 h (Chong 0.96 +/- 0.8 h [V]); ka chosen [P] so
# that the peak falls inside both oral windows (Grant 1981 45 +/- 10 ng/mL at 0.5 mg/kg; Chong
# 2006 22.8 +/- 12.8 at 25 mg), which differ ~1.6-fold per mg absorbed.
ABSORPTION_ORAL = AbsorptionShape(zero_order_min=50.0, ka_per_min=0.1)
# Swallowed remainder of a sublingual or intranasal dose: Perez-Ruixo 2021 swallowed nasal
# fraction, zero-order over Dsw 0.53 h then ka_sw 1.45 /h [V]. It forms metabolite only
# (Simons 2022: the swallowed part of the thin film forms metabolites only [V]).
ABSORPTION_SWALLOWED = AbsorptionShape(
    zero_order_min=0.53 * MINUTES_PER_HOUR, ka_per_min=1.45 / MINUTES_PER_HOUR
)

# --- Norketamine (reference §1.4) --------------------------------------------------------------
# Fraction of ketamine clearance (systemic and first-pass) that forms norketamine: Simons 2022
# fixed 0.8 [V]; Otto 2021 assumed 1.0.
FRACTION_TO_NORKETAMINE = 0.8
# Otto 2021 S-norketamine disposition per 70 kg [V] (reference §1.1, §1.4), used for racemic
# norketamine (simplification: no enantiomer difference, no transit delay of formation).
NORKETAMINE_CENTRAL_L = 98.6
NORKETAMINE_CLEARANCE_L_MIN = 57.7 / MINUTES_PER_HOUR
NORKETAMINE_PERIPHERAL_L = 160.0
NORKETAMINE_Q_L_MIN = 42.8 / MINUTES_PER_HOUR


# --- Esketamine nasal spray: Perez-Ruixo 2021 Clin Pharmacokinet 60:501, Table 3 [V] -----------
@dataclass(frozen=True)
class EsketamineParameters:
    """Typical values of the Perez-Ruixo 2021 model (non-Asian adult aged 18-60; per hour).

    Body weight, sex, hepatic and renal markers had no effect in the published analysis.
    """

    device_mg: float = 28.0  # one Spravato device, esketamine base (label [V])
    device_interval_min: float = 5.0  # devices 5 min apart (label [V])
    max_devices: int = 3  # 84 mg maximum per session (label [V])
    fraction_nasal: float = 0.54  # FRn per device
    later_device_factor: float = 0.62  # FRn x 0.62 for the 2nd and 3rd device
    ka_nasal_per_h: float = 2.93
    swallowed_zero_order_h: float = 0.53  # Dsw
    ka_swallowed_per_h: float = 1.45  # ka_sw
    oral_zero_order_h: float = 0.32  # Dpo
    ka_oral_per_h: float = 0.97  # ka_po
    fraction_gut: float = 0.64  # Fgut
    central_l: float = 192.0  # Vc
    q1_l_h: float = 84.3
    peripheral1_l: float = 143.0
    q2_l_h: float = 37.6
    peripheral2_l: float = 417.0
    liver_l: float = 101.0  # hepato-portal compartment Vh
    liver_flow_l_h: float = 151.0  # Qh
    kel_per_h: float = 1.11  # hepatic elimination to other metabolites
    kmet_per_h: float = 2.77  # hepatic metabolism to noresketamine
    # Noresketamine, apparent (divided by the unknown fraction formed)
    metabolite_central_l: float = 70.0
    metabolite_clearance_l_h: float = 38.0
    metabolite_q_l_h: float = 26.1
    metabolite_peripheral_l: float = 115.0


ESKETAMINE = EsketamineParameters()
