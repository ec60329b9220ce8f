from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "ketacare.clients"
    label = "clients"
    verbose_name = "Clients"
