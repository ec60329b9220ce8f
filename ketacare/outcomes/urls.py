"""Outcome pages: the client's progress and the lead's practice dashboard."""

from django.urls import path

from ketacare.outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("practice/", views.practice_dashboard, name="practice"),
    path("progress/", views.progress_own, name="progress"),
    path("clients/<uuid:public_id>/progress/", views.progress_client, name="client-progress"),
]
