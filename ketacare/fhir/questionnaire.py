"""Instrument → FHIR R4B Questionnaire: items, answer options, LOINC codes and licence text.

Item wording ships only when the instrument's licence allows it (reference/instruments.md
§0); otherwise items carry a neutral label and answer options carry values without their
anchor wording, so a licensed form is never reproduced through the export.
"""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.questionnaire import Questionnaire

from ketacare.domain.instruments import Instrument
from ketacare.domain.instruments.base import Item

LOINC_SYSTEM = "http://loinc.org"
ANSWER_SYSTEM = "urn:ketacare:CodeSystem:answer"
"""Answer codes of an instrument whose wording ships: ``<system>:<instrument code>``."""


def questionnaire_url(code: str) -> str:
    """The canonical URL of an instrument's Questionnaire (``urn:ketacare:questionnaire:PHQ-9``)."""
    return f"urn:ketacare:questionnaire:{code}"


def answer_system(code: str) -> str:
    """The code system of the answer options of the instrument ``code``."""
    return f"{ANSWER_SYSTEM}:{code}"


def neutral_label(item: Item) -> str:
    """An item label that reproduces none of the licensed wording."""
    return f"Item {item.key} (see licensed form)"


def item_type(item: Item) -> str:
    """The FHIR item type: decimal for continuous scales, choice for options, else integer."""
    if item.continuous:
        return "decimal"
    return "choice" if item.options else "integer"


def uses_codings(spec: Instrument, item: Item) -> bool:
    """True when the item's answers are Codings (with their wording), False for bare integers."""
    return spec.licence.ships_wording and item_type(item) == "choice"


def _answer_options(spec: Instrument, item: Item) -> list[dict[str, Any]]:  # Any: FHIR JSON
    if item_type(item) != "choice":
        return []
    if uses_codings(spec, item):
        system = answer_system(spec.code)
        return [
            {"valueCoding": {"system": system, "code": str(int(o.value)), "display": o.label}}
            for o in item.options
        ]
    return [{"valueInteger": int(option.value)} for option in item.options]


def _item(spec: Instrument, item: Item) -> dict[str, Any]:  # Any: FHIR JSON
    data: dict[str, Any] = {  # Any: FHIR JSON
        "linkId": item.key,
        "text": item.label if spec.licence.ships_wording else neutral_label(item),
        "type": item_type(item),
        "required": item.required,
    }
    loinc = spec.loinc.items.get(item.key)
    if loinc is not None:
        data["code"] = [{"system": LOINC_SYSTEM, "code": loinc}]
    options = _answer_options(spec, item)
    if options:
        data["answerOption"] = options
    return data


def questionnaire_for(spec: Instrument) -> Questionnaire:
    """Map an instrument to a Questionnaire, validated by ``fhir.resources`` on construction.

    Args:
        spec: the instrument from ``domain.instruments.INSTRUMENTS``.

    Returns:
        The R4B Questionnaire (LOINC panel code only where the instrument declares one).
    """
    licence = spec.licence
    data: dict[str, Any] = {  # Any: FHIR JSON
        "resourceType": "Questionnaire",
        "url": questionnaire_url(spec.code),
        "version": spec.version,
        "title": spec.name,
        "status": "active",
        "subjectType": ["Patient"],
        "copyright": f"© {licence.holder}. {licence.terms}",
        "item": [_item(spec, item) for item in spec.items],
    }
    if spec.loinc.panel is not None:
        data["code"] = [{"system": LOINC_SYSTEM, "code": spec.loinc.panel, "display": spec.name}]
    return Questionnaire.model_validate(data)
