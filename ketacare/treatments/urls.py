from django.urls import path

from ketacare.treatments import protocol_views, rems_views, session_views, views, views_expect

app_name = "treatments"
urlpatterns = [
    path("", views.sessions_own_view, name="own"),
    path("expect/", views_expect.expect, name="expect"),
    path("clients/<uuid:public_id>/", views.client_courses, name="client"),
    path("clients/<uuid:public_id>/courses/", views.course_new, name="plan"),
    path("sessions/<uuid:public_id>/check-in/", views.check_in, name="check-in"),
    path("sessions/<uuid:public_id>/readiness/", views.readiness, name="readiness"),
    path("sessions/<uuid:public_id>/", session_views.session_screen, name="session"),
    path(
        "sessions/<uuid:public_id>/record/<slug:action>/",
        session_views.session_action,
        name="session-action",
    ),
    path("safety-settings/", session_views.safety_settings, name="safety-settings"),
    # practice protocols (leads; docs/treatments.md, "Practice protocols")
    path("protocols/", protocol_views.protocols, name="protocols"),
    path("protocols/copy/", protocol_views.protocol_copy, name="protocol-copy"),
    path("protocols/<uuid:public_id>/edit/", protocol_views.protocol_edit, name="protocol-edit"),
    path(
        "protocols/<uuid:public_id>/retire/", protocol_views.protocol_retire, name="protocol-retire"
    ),
    # Spravato REMS form (docs/rems.md)
    path("sessions/<uuid:public_id>/rems/", rems_views.rems_page, name="rems"),
    path("sessions/<uuid:public_id>/rems.json", rems_views.rems_json, name="rems-json"),
    path("sessions/<uuid:public_id>/rems.pdf", rems_views.rems_pdf, name="rems-pdf"),
]
