"""Routes of the consent and intention pages, included under ``preparation/``."""

from django.urls import path

from ketacare.preparation import consent_views as views

urlpatterns = [
    path("consent/", views.consent_own, name="consent"),
    path("consent/manage/", views.consent_manage, name="consent-manage"),
    path("consent/documents/<uuid:public_id>/", views.consent_document, name="consent-document"),
    path(
        "consent/signatures/<uuid:public_id>/withdraw/",
        views.consent_withdraw_view,
        name="consent-withdraw",
    ),
    path("consent/clients/<uuid:public_id>/", views.consent_client, name="consent-client"),
    path("intentions/", views.intentions_own, name="intentions"),
    path("intentions/<uuid:public_id>/edit/", views.intention_edit, name="intention-edit"),
    path("intentions/clients/<uuid:public_id>/", views.intentions_client, name="intentions-client"),
]
