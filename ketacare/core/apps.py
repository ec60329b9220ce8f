from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ketacare.core"
    label = "core"
    verbose_name = "ketacare core"

    def ready(self) -> None:
        from ketacare.core import checks  # noqa: F401  (registers the system checks)
