"""Stored questionnaire response → FHIR R4B Observation of its total score and band."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from fhir.resources.R4B.observation import Observation

from ketacare.domain.instruments import lookup
from ketacare.fhir.questionnaire import LOINC_SYSTEM
from ketacare.fhir.questionnaire_response import patient_reference, response_url
from ketacare.measures.models import QuestionnaireResponse as StoredResponse

CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
TOTAL_SYSTEM = "urn:ketacare:CodeSystem:instrument-total"
"""Totals without a verified LOINC code: the code is the instrument code ("OCI-R")."""
UCUM = "http://unitsofmeasure.org"


def observation_id(response: StoredResponse) -> str:
    """A stable id for the total of a response, so repeated exports agree."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:ketacare:total:{response.public_id}"))


def _value(total: Decimal, *, integer_total: bool) -> dict[str, Any]:  # Any: FHIR JSON
    if integer_total and total == total.to_integral_value():
        return {"valueInteger": int(total)}
    quantity = {"value": float(total), "unit": "{score}", "system": UCUM, "code": "{score}"}
    return {"valueQuantity": quantity}


def total_observation_for(response: StoredResponse) -> Observation | None:
    """Map a response's total to an Observation (None for categorical instruments: C-SSRS).

    Args:
        response: a stored response (its client must be selected with it).

    Returns:
        The R4B Observation, derived from the response's QuestionnaireResponse, or None
        when the response has no numeric total.
    """
    total = response.total
    if total is None:
        return None
    spec = lookup(response.instrument_code)
    display = f"{spec.name} total score"
    if spec.loinc.total is not None:
        coding = {"system": LOINC_SYSTEM, "code": spec.loinc.total, "display": display}
    else:
        coding = {"system": TOTAL_SYSTEM, "code": spec.code, "display": display}
    data: dict[str, Any] = {  # Any: FHIR JSON
        "resourceType": "Observation",
        "id": observation_id(response),
        "status": "amended" if response.amends_id is not None else "final",
        "category": [{"coding": [{"system": CATEGORY_SYSTEM, "code": "survey"}]}],
        "code": {"coding": [coding], "text": display},
        "subject": patient_reference(response),
        "effectiveDateTime": response.submitted_at.isoformat(),
        "derivedFrom": [{"reference": response_url(response)}],
        **_value(total, integer_total=spec.integer_total),
    }
    if response.band:
        data["interpretation"] = [{"text": response.band}]
    return Observation.model_validate(data)
