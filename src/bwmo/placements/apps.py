from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "bwmo.placements"
    label = "placements"
    verbose_name = "Wachtlijst en plaatsing"
