"""The NinjaAPI instance, its error handlers and the routers of each app."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.errors import AuthorizationError as NinjaAuthorizationError

from ketacare.accounts.api import router as accounts_router
from ketacare.api.auth import API_AUTH
from ketacare.caseload.api import router as caseload_router
from ketacare.clients.api import router as clients_router
from ketacare.fhir.api import router as fhir_router
from ketacare.integration.api import router as integration_router
from ketacare.journal.api import router as journal_router
from ketacare.measures.api import router as measures_router
from ketacare.outcomes.api import router as outcomes_router

api = NinjaAPI(
    title="ketacare API",
    version="1",
    description="Ketamine-assisted therapy: clients, measures, sessions and integration.",
    auth=API_AUTH,
    urls_namespace="api",
    docs_url="/docs",
    docs_decorator=login_required,
)


def _error(request: HttpRequest, status: int, detail: str, code: str) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "code": code}, status=status)


@api.exception_handler(ValidationError)
def _on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = []
    for error in exc.errors:
        location = ".".join(str(part) for part in error.get("loc", ()) if part not in {"body"})
        problems.append(f"{location}: {error.get('msg', 'invalid')}")
    return _error(request, 422, "; ".join(problems) or "Invalid input.", "invalid_input")


@api.exception_handler(AuthenticationError)
def _on_unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 401, "Authentication required.", "unauthenticated")


@api.exception_handler(NinjaAuthorizationError)
def _on_unauthorised(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 403, "You do not have permission to do that.", "forbidden")


@api.exception_handler(PermissionDenied)
def _on_denied(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 403, "You do not have permission to do that.", "forbidden")


@api.exception_handler(Http404)
def _on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 404, "Not found.", "not_found")


@api.exception_handler(HttpError)
def _on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = {400: "bad_request", 405: "method_not_allowed", 409: "conflict"}.get(
        exc.status_code, "error"
    )
    return _error(request, exc.status_code, str(exc), code)


api.add_router("/", accounts_router)
api.add_router("/clients", clients_router)
api.add_router("/", measures_router)
api.add_router("/", fhir_router)
api.add_router("/", journal_router)
api.add_router("/", integration_router)
api.add_router("/", caseload_router)
api.add_router("/", outcomes_router)

__all__ = ["api"]
