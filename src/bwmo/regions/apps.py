from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "bwmo.regions"
    label = "regions"
    verbose_name = "Regio's en gemeenten"
