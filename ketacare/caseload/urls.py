"""The caseload page."""

from django.urls import URLPattern

app_name = "caseload"
urlpatterns: list[URLPattern] = []
