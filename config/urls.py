"""Top-level URL configuration."""

from django.urls import include, path

from ketacare.api.main import api
from ketacare.clients import views as client_views
from ketacare.core import views as core_views

urlpatterns = [
    path("", client_views.home, name="home"),
    path("accounts/", include("ketacare.accounts.urls")),
    path("clients/", include("ketacare.clients.urls")),
    path("measures/", include("ketacare.measures.urls")),
    path("preparation/", include("ketacare.preparation.urls")),
    path("treatments/", include("ketacare.treatments.urls")),
    path("alerts/", include("ketacare.alerts.urls")),
    path("reminders/", include("ketacare.reminders.urls")),
    path("integration/", include("ketacare.integration.urls")),
    path("journal/", include("ketacare.journal.urls")),
    path("outcomes/", include("ketacare.outcomes.urls")),
    path("caseload/", include("ketacare.caseload.urls")),
    path("api/v1/", api.urls),
    path("healthz", core_views.healthz, name="healthz"),
]

handler400 = "ketacare.core.views.bad_request"
handler403 = "ketacare.core.views.permission_denied"
handler404 = "ketacare.core.views.page_not_found"
handler500 = "ketacare.core.views.server_error"
