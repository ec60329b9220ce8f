"""API: an instrument as a FHIR Questionnaire and a client's FHIR export Bundle."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router

from ketacare.core.schemas import ErrorOut
from ketacare.domain.instruments import UnknownInstrument, lookup
from ketacare.fhir.bundle import canonical_json
from ketacare.fhir.questionnaire import questionnaire_for
from ketacare.fhir.services import fhir_client_export

router = Router(tags=["fhir"])
FHIR_JSON = "application/fhir+json"
HASH_HEADER = "X-Content-SHA256"


@router.get(
    "/instruments/{code}/fhir",
    response={200: dict[str, object], 404: ErrorOut},
    operation_id="instrument_fhir_get",
)
def instrument_fhir_get_api(request: HttpRequest, code: str) -> HttpResponse:
    try:
        spec = lookup(code)
    except UnknownInstrument as exc:
        raise Http404 from exc
    return HttpResponse(canonical_json(questionnaire_for(spec)), content_type=FHIR_JSON)


@router.get(
    "/clients/{client_id}/fhir",
    response={200: dict[str, object], 404: ErrorOut},
    operation_id="client_fhir_export",
)
def client_fhir_export_api(request: HttpRequest, client_id: uuid.UUID) -> HttpResponse:
    export = fhir_client_export(actor=request.user, client_public_id=client_id)  # type: ignore[arg-type]
    response = HttpResponse(export.bundle_json, content_type=FHIR_JSON)
    response[HASH_HEADER] = export.sha256
    return response
