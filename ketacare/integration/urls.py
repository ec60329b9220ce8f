from django.urls import path

from ketacare.integration import views, views_staff

app_name = "integration"
urlpatterns = [
    path("", views.plan, name="plan"),
    path("card/", views.card, name="card"),
    path("check-in/", views.daily, name="daily"),
    path("insights/new/", views.insight_new, name="insight-new"),
    path("commitments/new/", views.commitment_new, name="commitment-new"),
    path("commitments/<uuid:public_id>/", views.commitment_detail, name="commitment"),
    path("commitments/<uuid:public_id>/status/", views.commitment_status, name="commitment-status"),
    path("follow-ups/<uuid:public_id>/done/", views.follow_up_done, name="follow-up-done"),
    path("caseload/", views_staff.caseload, name="caseload"),
    path("settings/", views_staff.integration_settings, name="settings"),
    path("clients/<uuid:public_id>/", views_staff.client_plan, name="client"),
    path("clients/<uuid:public_id>/notes/new/", views_staff.note_new, name="note-new"),
    path("notes/<uuid:public_id>/", views_staff.note_detail, name="note"),
    path("notes/<uuid:public_id>/amend/", views_staff.note_amend, name="note-amend"),
]
