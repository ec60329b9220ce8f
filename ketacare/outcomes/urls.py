"""Outcome pages: the client's progress and the lead's practice dashboard."""

from django.urls import URLPattern

app_name = "outcomes"
urlpatterns: list[URLPattern] = []
