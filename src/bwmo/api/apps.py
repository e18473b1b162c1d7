from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "bwmo.api"
    label = "api"
    verbose_name = "API (tokens)"
