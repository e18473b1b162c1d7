from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "bwmo.core"
    label = "core"
    verbose_name = "Basis"
