from django.apps import AppConfig


class FhirConfig(AppConfig):
    name = "ketacare.fhir"
    label = "fhir"
    verbose_name = "FHIR"
