from django.urls import path

from ketacare.treatments import views

app_name = "treatments"
urlpatterns = [
    path("", views.sessions_own_view, name="own"),
    path("clients/<uuid:public_id>/", views.client_courses, name="client"),
    path("clients/<uuid:public_id>/courses/", views.course_new, name="plan"),
    path("sessions/<uuid:public_id>/check-in/", views.check_in, name="check-in"),
    path("sessions/<uuid:public_id>/readiness/", views.readiness, name="readiness"),
]
