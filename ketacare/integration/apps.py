from django.apps import AppConfig


class IntegrationConfig(AppConfig):
    name = "ketacare.integration"
    label = "integration"

    def ready(self) -> None:
        from ketacare.integration import receivers  # noqa: F401  (connects the signal receiver)
