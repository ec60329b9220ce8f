from django.apps import AppConfig


class CaseloadConfig(AppConfig):
    name = "ketacare.caseload"
    label = "caseload"
