from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ketacare.accounts"
    label = "accounts"
    verbose_name = "People and practices"

    def ready(self) -> None:
        from ketacare.accounts import auth_events  # noqa: F401  (connects the auth audit hooks)
