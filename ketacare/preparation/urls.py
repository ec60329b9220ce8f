from django.urls import include, path

from ketacare.preparation import views

app_name = "preparation"
urlpatterns = [
    path("", views.status_own, name="status"),
    path("clients/<uuid:public_id>/", views.client_screening, name="client"),
    path("clients/<uuid:public_id>/intake/", views.intake_start, name="start"),
    path("intakes/<uuid:public_id>/steps/<int:step>/", views.intake_step, name="step"),
    path("intakes/<uuid:public_id>/submit/", views.intake_send, name="submit"),
    path("results/<uuid:public_id>/decide/", views.decision_new, name="decide"),
    path("learn/", include("ketacare.preparation.urls_learning")),
    path("", include("ketacare.preparation.urls_consent")),  # consent and intentions
]
