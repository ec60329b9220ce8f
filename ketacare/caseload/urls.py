"""The caseload page, its top-five section for the staff home, and the client timeline."""

from django.urls import path

from ketacare.caseload import views

app_name = "caseload"
urlpatterns = [
    path("", views.caseload, name="index"),
    path("top/", views.caseload_top, name="top"),
    path("clients/<uuid:public_id>/timeline/", views.timeline, name="timeline"),
]
