"""Stored questionnaire response → FHIR R4B QuestionnaireResponse (answers only, no names).

The subject is a bare ``Patient/<client public id>`` reference: no name, birth date or
other identifying detail of the client ever enters the resource. A response that amends an
earlier one has status ``amended`` (FHIR: answers changed after completion) and points at
the response it corrects with the ``AMENDS_EXTENSION``; an original stays ``completed``.
"""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from ketacare.domain.instruments import Instrument, lookup
from ketacare.domain.instruments.base import Item
from ketacare.fhir.questionnaire import answer_system, item_type, questionnaire_url, uses_codings
from ketacare.measures.models import QuestionnaireResponse as StoredResponse

AMENDS_EXTENSION = "urn:ketacare:StructureDefinition:amends"


def response_url(response: StoredResponse) -> str:
    """The bundle-local full URL of a stored response (``urn:uuid:<public id>``)."""
    return f"urn:uuid:{response.public_id}"


def patient_reference(response: StoredResponse) -> dict[str, str]:
    """The subject reference: the client's public id and nothing else."""
    return {"reference": f"Patient/{response.client.public_id}"}


def _answer(spec: Instrument, item: Item, value: object) -> dict[str, Any]:  # Any: FHIR JSON
    if not isinstance(value, int | float):
        raise TypeError(f"{spec.code} item {item.key}: stored answer is not a number")
    if item_type(item) == "decimal":
        return {"valueDecimal": float(value)}
    if uses_codings(spec, item):
        labels = {int(option.value): option.label for option in item.options}
        code = int(value)
        coding = {"system": answer_system(spec.code), "code": str(code), "display": labels[code]}
        return {"valueCoding": coding}
    return {"valueInteger": int(value)}


def questionnaire_response_for(response: StoredResponse) -> QuestionnaireResponse:
    """Map one stored response to a QuestionnaireResponse, validated on construction.

    Args:
        response: a stored response (its client must be selected with it).

    Returns:
        The R4B QuestionnaireResponse, its id the response's public id.
    """
    spec = lookup(response.instrument_code)
    answers = response.answers
    data: dict[str, Any] = {  # Any: FHIR JSON
        "resourceType": "QuestionnaireResponse",
        "id": str(response.public_id),
        "questionnaire": f"{questionnaire_url(spec.code)}|{response.instrument_version}",
        "status": "amended" if response.amends_id is not None else "completed",
        "subject": patient_reference(response),
        "authored": response.submitted_at.isoformat(),
        "item": [
            {"linkId": item.key, "answer": [_answer(spec, item, answers[item.key])]}
            for item in spec.items
            if answers.get(item.key) is not None
        ],
    }
    if response.amends is not None:
        reference = {"reference": response_url(response.amends)}
        data["extension"] = [{"url": AMENDS_EXTENSION, "valueReference": reference}]
    return QuestionnaireResponse.model_validate(data)
