from django.apps import AppConfig


class PreparationConfig(AppConfig):
    name = "ketacare.preparation"
    label = "preparation"
    verbose_name = "Preparation"
