from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "bwmo.partners"
    label = "partners"
    verbose_name = "Export voor ketenpartners"
