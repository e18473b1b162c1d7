from django.apps import AppConfig


class IwmoConfig(AppConfig):
    name = "bwmo.iwmo"
    verbose_name = "iWmo-berichtenverkeer"
