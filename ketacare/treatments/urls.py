from django.urls import path

from ketacare.treatments import session_views, views, views_expect

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
]
