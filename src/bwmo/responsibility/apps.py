from django.apps import AppConfig


class ResponsibilityConfig(AppConfig):
    name = "bwmo.responsibility"
    label = "responsibility"
    verbose_name = "Verantwoordelijkheid"
