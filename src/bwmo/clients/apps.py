from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "bwmo.clients"
    label = "clients"
    verbose_name = "Cliënten"
