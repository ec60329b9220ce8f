"""The drug table behind `drugs.py`: interaction classes, members, brand aliases and sources.

Brand aliases are listed only where they name one generic (combination brands map to the
component that matters for ketamine, e.g. Suboxone → buprenorphine, Percocet → oxycodone).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ketacare.domain.screening.vocabulary import Coded


class DrugClass(Coded):
    """Interaction classes that screening rules act on."""

    BENZODIAZEPINE = "benzodiazepine", "Benzodiazepine"
    MAOI = "maoi", "Monoamine oxidase inhibitor"
    STRONG_CYP_INHIBITOR = "strong_cyp_inhibitor", "Strong CYP3A4 or CYP2B6 inhibitor"
    CYP_INDUCER = "cyp_inducer", "CYP3A4 / CYP2B6 inducer"
    STIMULANT = "stimulant", "Psychostimulant or wakefulness agent"
    LAMOTRIGINE = "lamotrigine", "Lamotrigine"
    OPIOID = "opioid", "Opioid"
    GABAPENTINOID = "gabapentinoid", "Gabapentinoid"
    Z_DRUG = "z_drug", "Z-drug hypnotic"
    BARBITURATE = "barbiturate", "Barbiturate"
    NMDA_ANTAGONIST = "nmda_antagonist", "NMDA receptor antagonist"


CNS_DEPRESSANT_CLASSES = frozenset(
    {DrugClass.OPIOID, DrugClass.GABAPENTINOID, DrugClass.Z_DRUG, DrugClass.BARBITURATE}
)


@dataclass(frozen=True)
class DrugEntry:
    """One member of a group: aliases, an Ashton factor, and a source if it differs."""

    aliases: tuple[str, ...] = ()
    dze_factor: float | None = None
    source: str = ""


@dataclass(frozen=True)
class DrugGroup:
    """Drugs that share a category, interaction classes and (by default) a source."""

    category: str
    classes: frozenset[DrugClass]
    source: str
    members: Mapping[str, DrugEntry]


def _members(spec: Mapping[str, str], source: str = "") -> dict[str, DrugEntry]:
    """Members from `{generic: "alias, alias"}`."""
    return {
        name: DrugEntry(aliases=tuple(a.strip() for a in aliases.split(",")), source=source)
        for name, aliases in spec.items()
    }


def _group(
    category: str, classes: set[DrugClass], source: str, members: Mapping[str, DrugEntry]
) -> DrugGroup:
    return DrugGroup(category, frozenset(classes), source, members)


SRC_ASHTON = "Ashton benzodiazepine equivalence table (reference §4) [V]"
SRC_ASHTON_VA = (
    "Ashton Manual 2002 column of the VA/DoD SUD guideline benzodiazepine table [V]; "
    "where Ashton gives a range the lower equivalent dose (higher factor) is used"
)
SRC_BENZO_NO_FACTOR = (
    "benzodiazepine class [V]; no verified Ashton factor held here, so the dose is treated as "
    "above the DDI_BENZO_HIGH threshold [P]"
)
SRC_NO_RULE = "no screening rule in reference §4 (known medicine, deliberately no flag) [P]"

# Ashton: mg of diazepam equivalent to 1 mg of the drug (diazepam 10 mg ≈ alprazolam 0.5 mg).
BENZODIAZEPINES = _group(
    "benzodiazepine",
    {DrugClass.BENZODIAZEPINE},
    SRC_ASHTON,
    {
        "diazepam": DrugEntry(("valium",), 1.0),
        "lorazepam": DrugEntry(("ativan",), 10.0),
        "clonazepam": DrugEntry(("klonopin", "rivotril"), 20.0),
        "alprazolam": DrugEntry(("xanax",), 20.0),
        "temazepam": DrugEntry(("restoril",), 0.5),
        "oxazepam": DrugEntry(("serax",), 0.5),
        "chlordiazepoxide": DrugEntry(("librium",), 0.4),
        "clorazepate": DrugEntry(("tranxene",), 10.0 / 15.0, SRC_ASHTON_VA),  # 15 mg ≈ 10
        "estazolam": DrugEntry(("prosom",), 10.0, SRC_ASHTON_VA),  # 1-2 mg ≈ 10
        "flurazepam": DrugEntry(("dalmane",), 10.0 / 15.0, SRC_ASHTON_VA),  # 15-30 mg ≈ 10
        "quazepam": DrugEntry(("doral",), 0.5, SRC_ASHTON_VA),  # 20 mg ≈ 10
        "triazolam": DrugEntry(("halcion",), 20.0, SRC_ASHTON_VA),  # 0.5 mg ≈ 10
        "clobazam": DrugEntry(("onfi", "frisium"), None, SRC_BENZO_NO_FACTOR),
        "nitrazepam": DrugEntry(("mogadon",), None, SRC_BENZO_NO_FACTOR),
        "bromazepam": DrugEntry(("lexotan",), None, SRC_BENZO_NO_FACTOR),
        "flunitrazepam": DrugEntry(("rohypnol",), None, SRC_BENZO_NO_FACTOR),
        "lormetazepam": DrugEntry((), None, SRC_BENZO_NO_FACTOR),
        "midazolam": DrugEntry(("versed",), None, SRC_BENZO_NO_FACTOR),
    },
)

SRC_MAOI = "Spravato US PI §7 (MAOIs); reference §4 [V]"
SRC_MAOI_CLASS = "MAO inhibitor by mechanism, not named in reference §4 [R]"
MAOIS = _group(
    "MAOI",
    {DrugClass.MAOI},
    SRC_MAOI,
    {
        **_members(
            {
                "phenelzine": "nardil",
                "tranylcypromine": "parnate",
                "selegiline": "emsam, eldepryl, zelapar",
                "isocarboxazid": "marplan",
            }
        ),
        **_members({"moclobemide": "manerix, aurorix", "rasagiline": "azilect"}, SRC_MAOI_CLASS),
        **_members({"linezolid": "zyvox"}, SRC_MAOI_CLASS),
    },
)

SRC_CYP3A4_STRONG = "strong CYP3A4 inhibitor by the FDA classification [R]"
CYP_INHIBITORS = _group(
    "strong CYP3A4/CYP2B6 inhibitor",
    {DrugClass.STRONG_CYP_INHIBITOR},
    SRC_CYP3A4_STRONG,
    {
        **_members(
            {"clarithromycin": "biaxin, klacid"},
            "Hagelberg 2010: oral S-ketamine Cmax ×3.6, AUC ×2.6 [V]",
        ),
        **_members(
            {"ticlopidine": "ticlid"}, "Peltoniemi 2011: oral S-ketamine AUC ×2.4 (CYP2B6) [V]"
        ),
        **_members(
            {"itraconazole": "sporanox"},
            f"{SRC_CYP3A4_STRONG}; Peltoniemi 2011 saw little change in oral S-ketamine [R]",
        ),
        **_members(
            {
                "ketoconazole": "nizoral",
                "ritonavir": "norvir, paxlovid",
                "cobicistat": "tybost",
                "posaconazole": "noxafil",
                "voriconazole": "vfend",
                "nefazodone": "serzone",
            }
        ),
    },
)

SRC_INDUCER = "Peltoniemi 2012 (rifampicin; St John's wort) and reference §4 [V]"
CYP_INDUCERS = _group(
    "CYP3A4/CYP2B6 inducer",
    {DrugClass.CYP_INDUCER},
    SRC_INDUCER,
    _members(
        {
            "rifampicin": "rifampin, rifadin, rimactane",
            "st johns wort": "hypericum, hypericum perforatum, st john wort, saint johns wort",
            "carbamazepine": "tegretol",
            "phenytoin": "dilantin, epanutin",
        }
    ),
)
BARBITURATES = _group(
    "barbiturate",
    {DrugClass.BARBITURATE, DrugClass.CYP_INDUCER},
    "barbiturate (CNS depressant) and strong CYP3A4 inducer [R]",
    _members({"phenobarbital": "phenobarbitone, luminal"}),
)

STIMULANTS = _group(
    "psychostimulant",
    {DrugClass.STIMULANT},
    "Spravato US PI §7 (psychostimulants); reference §4 [V]",
    _members(
        {
            "amphetamine": "adderall, mixed amphetamine salts, evekeo",
            "dextroamphetamine": "dexamfetamine, dexedrine, zenzedi",
            "lisdexamfetamine": "vyvanse, elvanse",
            "methamphetamine": "desoxyn",
            "methylphenidate": "ritalin, concerta, medikinet, equasym",
            "dexmethylphenidate": "focalin",
            "modafinil": "provigil",
            "armodafinil": "nuvigil",
        }
    ),
)

LAMOTRIGINE = _group(
    "anticonvulsant / mood stabiliser",
    {DrugClass.LAMOTRIGINE},
    "Anand 2000 (attenuated dissociation in volunteers) [V]",
    _members({"lamotrigine": "lamictal"}),
)

SRC_DEPRESSANT = "Spravato US PI §7 (CNS depressants); reference §4 [V]"
OPIOIDS = _group(
    "opioid",
    {DrugClass.OPIOID},
    SRC_DEPRESSANT,
    _members(
        {
            "morphine": "ms contin",
            "oxycodone": "oxycontin, percocet, roxicodone",
            "hydrocodone": "vicodin, norco",
            "hydromorphone": "dilaudid",
            "oxymorphone": "opana",
            "codeine": "",
            "tramadol": "ultram",
            "tapentadol": "nucynta",
            "fentanyl": "duragesic",
            "methadone": "dolophine, methadose",
            "buprenorphine": "subutex, suboxone, zubsolv, sublocade, butrans, belbuca",
        }
    ),
)
GABAPENTINOIDS = _group(
    "gabapentinoid",
    {DrugClass.GABAPENTINOID},
    SRC_DEPRESSANT,
    _members({"gabapentin": "neurontin", "pregabalin": "lyrica"}),
)
Z_DRUGS = _group(
    "Z-drug hypnotic",
    {DrugClass.Z_DRUG},
    SRC_DEPRESSANT,
    _members(
        {
            "zolpidem": "ambien, stilnox",
            "zopiclone": "imovane, zimovane",
            "eszopiclone": "lunesta",
            "zaleplon": "sonata",
        }
    ),
)

NMDA_ANTAGONISTS = _group(
    "NMDA antagonist",
    {DrugClass.NMDA_ANTAGONIST},
    "reference §4 DDI_OTHER_NMDA, class reasoning [P]",
    {
        **_members(
            {
                "memantine": "namenda, ebixa",
                "dextromethorphan": "auvelity, nuedexta",
                "nitrous oxide": "entonox",
            }
        ),
        **_members({"amantadine": "gocovri, symmetrel"}, "weak NMDA antagonist by mechanism [R]"),
        **_members(
            {"ketamine": "ketalar", "esketamine": "spravato, s ketamine", "arketamine": ""},
            "already taking a ketamine product: additive NMDA antagonism [P]",
        ),
    },
)

SRC_SSRI_SNRI = "reference §4: SSRIs/SNRIs are expected co-medication, not flags [V]"
ANTIDEPRESSANTS = _group(
    "SSRI/SNRI",
    set(),
    SRC_SSRI_SNRI,
    _members(
        {
            "fluoxetine": "prozac",
            "sertraline": "zoloft, lustral",
            "paroxetine": "paxil, seroxat",
            "citalopram": "celexa, cipramil",
            "escitalopram": "lexapro, cipralex",
            "fluvoxamine": "luvox, faverin",
            "vortioxetine": "trintellix, brintellix",
            "vilazodone": "viibryd",
            "venlafaxine": "effexor",
            "desvenlafaxine": "pristiq",
            "duloxetine": "cymbalta",
            "levomilnacipran": "fetzima",
            "milnacipran": "savella",
        }
    ),
)
OTHER_PSYCHIATRIC = _group(
    "other psychiatric medicine",
    set(),
    SRC_NO_RULE,
    _members(
        {
            "bupropion": "wellbutrin, zyban",
            "mirtazapine": "remeron, zispin",
            "trazodone": "desyrel, molipaxin",
            "lithium": "lithium carbonate, lithobid, priadel, camcolit",
            "valproate": "valproic acid, divalproex, depakote, epilim",
            "aripiprazole": "abilify",
            "brexpiprazole": "rexulti",
            "cariprazine": "vraylar, reagila",
            "quetiapine": "seroquel",
            "olanzapine": "zyprexa",
            "risperidone": "risperdal",
            "lurasidone": "latuda",
            "prazosin": "minipress",
        }
    ),
)
GENERAL = _group(
    "general medicine",
    set(),
    SRC_NO_RULE,
    _members(
        {
            "levothyroxine": "synthroid, eltroxin, euthyrox",
            "metformin": "glucophage",
            "atorvastatin": "lipitor",
            "rosuvastatin": "crestor",
            "simvastatin": "zocor",
            "lisinopril": "zestril, prinivil",
            "ramipril": "altace, tritace",
            "losartan": "cozaar",
            "amlodipine": "norvasc, istin",
            "hydrochlorothiazide": "",
            "metoprolol": "lopressor, toprol",
            "propranolol": "inderal",
            "omeprazole": "prilosec, losec",
            "esomeprazole": "nexium",
            "pantoprazole": "protonix",
            "paracetamol": "acetaminophen, tylenol, panadol",
            "ibuprofen": "advil, nurofen, motrin",
            "naproxen": "aleve, naprosyn",
            "cetirizine": "zyrtec",
            "loratadine": "claritin",
            "ondansetron": "zofran",
            "levonorgestrel": "",
            "ethinylestradiol": "ethinyl estradiol",
            "colecalciferol": "cholecalciferol, vitamin d, vitamin d3",
            "folic acid": "",
            "salbutamol": "albuterol, ventolin",
            "montelukast": "singulair",
        }
    ),
)

DRUG_GROUPS: tuple[DrugGroup, ...] = (
    BENZODIAZEPINES,
    MAOIS,
    CYP_INHIBITORS,
    CYP_INDUCERS,
    BARBITURATES,
    STIMULANTS,
    LAMOTRIGINE,
    OPIOIDS,
    GABAPENTINOIDS,
    Z_DRUGS,
    NMDA_ANTAGONISTS,
    ANTIDEPRESSANTS,
    OTHER_PSYCHIATRIC,
    GENERAL,
)
