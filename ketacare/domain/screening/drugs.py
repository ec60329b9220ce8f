"""The drug vocabulary: generic names and brand aliases mapped to interaction classes.

A medication that `lookup_drug` does not know raises UNKNOWN_MEDICATION (caution) in screening;
drugs listed here with no class are known and deliberately raise no flag.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ketacare.domain.screening.drug_table import DRUG_GROUPS, DrugClass, DrugGroup

__all__ = ["DRUGS", "Drug", "DrugClass", "lookup_drug", "normalize_drug_name"]


@dataclass(frozen=True)
class Drug:
    """One generic drug: its interaction classes and the source for them.

    Attributes:
        name: generic name, lower case.
        category: human label, e.g. "benzodiazepine", "SSRI".
        classes: interaction classes the screening rules act on (empty = no flag).
        source: where the class membership (and DZE factor) comes from.
        aliases: brand or alternative names, normalised.
        dze_factor: mg of diazepam per mg of this benzodiazepine (Ashton), if known.
    """

    name: str
    category: str
    classes: frozenset[DrugClass]
    source: str
    aliases: tuple[str, ...] = ()
    dze_factor: float | None = None

    @property
    def raises_flag(self) -> bool:
        """Whether any screening rule acts on this drug."""
        return bool(self.classes)


# Trailing words dropped when a name is not found as written: salts, release forms, strengths.
_SUFFIX_WORDS = frozenset(
    {
        "hydrochloride",
        "hcl",
        "hydrobromide",
        "sodium",
        "potassium",
        "maleate",
        "besylate",
        "mesylate",
        "succinate",
        "tartrate",
        "bitartrate",
        "sulfate",
        "sulphate",
        "citrate",
        "fumarate",
        "er",
        "xr",
        "sr",
        "cr",
        "xl",
        "ir",
        "la",
        "cd",
        "odt",
        "tablet",
        "tablets",
        "capsule",
        "capsules",
        "mg",
        "mcg",
        "g",
    }
)
_STRENGTH = re.compile(r"^\d+(\.\d+)?(mg|mcg|g)?$")


def normalize_drug_name(name: str) -> str:
    """Normalise a written name: lower case, no dots or apostrophes, single spaces.

    `"St. John's Wort"` → `"st johns wort"`; `"Nitrous-Oxide"` → `"nitrous oxide"`.
    """
    text = name.lower().replace("’", "").replace("'", "").replace(".", " ")
    text = re.sub(r"[-_/,()]+", " ", text)
    return " ".join(text.split())


def _build(groups: tuple[DrugGroup, ...]) -> tuple[dict[str, Drug], dict[str, Drug]]:
    """Index every group's drugs by generic name and by every alias; reject ambiguity."""
    drugs: dict[str, Drug] = {}
    index: dict[str, Drug] = {}
    for group in groups:
        for name, entry in group.members.items():
            aliases = tuple(normalize_drug_name(alias) for alias in entry.aliases if alias)
            drug = Drug(
                name=name,
                category=group.category,
                classes=group.classes,
                source=entry.source or group.source,
                aliases=aliases,
                dze_factor=entry.dze_factor,
            )
            for key in (name, *aliases):
                if key in index:
                    raise ValueError(f"drug name {key!r} is ambiguous")
                index[key] = drug
            drugs[name] = drug
    return drugs, index


DRUGS: Mapping[str, Drug]
_INDEX: Mapping[str, Drug]
DRUGS, _INDEX = _build(DRUG_GROUPS)


def lookup_drug(name: str) -> Drug | None:
    """Find a drug by generic or brand name, ignoring case, salts, release forms and strengths.

    Args:
        name: the medication as written, e.g. "Xanax", "sertraline HCl 50 mg".

    Returns:
        The drug, or None if the vocabulary does not know it.
    """
    words = normalize_drug_name(name).split()
    while words:
        drug = _INDEX.get(" ".join(words))
        if drug is not None:
            return drug
        if words[-1] not in _SUFFIX_WORDS and not _STRENGTH.match(words[-1]):
            return None
        words.pop()
    return None
