from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "ketacare.alerts"
    label = "alerts"
    verbose_name = "Safety alerts"
