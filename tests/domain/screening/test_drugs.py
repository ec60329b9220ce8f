"""The drug vocabulary: name normalisation, aliases, classes, and unknown medicines."""

from __future__ import annotations

import pytest

from ketacare.domain.screening import DRUGS, DrugClass, lookup_drug
from ketacare.domain.screening.drug_table import DrugEntry, DrugGroup
from ketacare.domain.screening.drugs import _build, normalize_drug_name


@pytest.mark.parametrize(
    ("written", "generic"),
    [
        ("xanax", "alprazolam"),
        ("Xanax", "alprazolam"),
        ("  KLONOPIN ", "clonazepam"),
        ("sertraline HCl 50 mg", "sertraline"),
        ("Venlafaxine XR 150mg", "venlafaxine"),
        ("quetiapine fumarate", "quetiapine"),
        ("St. John's Wort", "st johns wort"),
        ("St John’s wort", "st johns wort"),
        ("hypericum", "st johns wort"),
        ("rifampin", "rifampicin"),
        ("Nitrous-Oxide", "nitrous oxide"),
        ("Suboxone", "buprenorphine"),
        ("Paxlovid", "ritonavir"),
        ("S-ketamine", "esketamine"),
        ("acetaminophen", "paracetamol"),
    ],
)
def test_lookup_drug_finds_generic_and_brand_names(written: str, generic: str) -> None:
    drug = lookup_drug(written)

    assert drug is not None
    assert drug.name == generic


@pytest.mark.parametrize("written", ["zyxquaprine", "", "mg", "50 mg", "50 mg sertraline", "hcl"])
def test_lookup_drug_returns_none_for_names_it_does_not_know(written: str) -> None:
    assert lookup_drug(written) is None


def test_normalize_drug_name_drops_case_dots_apostrophes_and_separators() -> None:
    assert normalize_drug_name(" St. John's  Wort/(Hypericum) ") == "st johns wort hypericum"


@pytest.mark.parametrize(
    ("name", "drug_class"),
    [
        ("phenelzine", DrugClass.MAOI),
        ("clarithromycin", DrugClass.STRONG_CYP_INHIBITOR),
        ("ticlopidine", DrugClass.STRONG_CYP_INHIBITOR),
        ("rifampicin", DrugClass.CYP_INDUCER),
        ("phenobarbital", DrugClass.CYP_INDUCER),
        ("phenobarbital", DrugClass.BARBITURATE),
        ("lisdexamfetamine", DrugClass.STIMULANT),
        ("lamotrigine", DrugClass.LAMOTRIGINE),
        ("buprenorphine", DrugClass.OPIOID),
        ("pregabalin", DrugClass.GABAPENTINOID),
        ("eszopiclone", DrugClass.Z_DRUG),
        ("memantine", DrugClass.NMDA_ANTAGONIST),
    ],
)
def test_drug_carries_the_class_the_rules_need(name: str, drug_class: DrugClass) -> None:
    assert drug_class in DRUGS[name].classes
    assert DRUGS[name].raises_flag


@pytest.mark.parametrize(
    "name",
    ["sertraline", "escitalopram", "venlafaxine", "duloxetine", "bupropion", "lithium",
     "quetiapine", "levothyroxine", "paracetamol"],
)  # fmt: skip
def test_common_medicines_are_known_and_raise_no_flag(name: str) -> None:
    assert DRUGS[name].classes == frozenset()
    assert not DRUGS[name].raises_flag


def test_every_drug_names_its_source_and_category() -> None:
    assert all(drug.source and drug.category for drug in DRUGS.values())


def test_only_benzodiazepines_carry_a_dze_factor() -> None:
    carriers = {name for name, drug in DRUGS.items() if drug.dze_factor is not None}

    assert all(DrugClass.BENZODIAZEPINE in DRUGS[name].classes for name in carriers)
    assert all((DRUGS[name].dze_factor or 0) > 0 for name in carriers)


def test_every_alias_resolves_to_its_own_drug() -> None:
    for drug in DRUGS.values():
        assert all(lookup_drug(alias) is drug for alias in (drug.name, *drug.aliases))


def test_building_a_table_with_an_ambiguous_alias_is_refused() -> None:
    group = DrugGroup(
        "test",
        frozenset(),
        "synthetic",
        {"alpha": DrugEntry(("shared",)), "beta": DrugEntry(("shared",))},
    )

    with pytest.raises(ValueError, match="'shared' is ambiguous"):
        _build((group,))
