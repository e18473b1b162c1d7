from django.apps import AppConfig


class RegisterImportConfig(AppConfig):
    name = "bwmo.register_import"
    label = "register_import"
    verbose_name = "Overname bestaand register"
