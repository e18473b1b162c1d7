from django.apps import AppConfig


class JourneysConfig(AppConfig):
    name = "bwmo.journeys"
    label = "journeys"
    verbose_name = "Klantreis en toegang"
