from django.apps import AppConfig


class MapsConfig(AppConfig):
    name = "bwmo.maps"
    label = "maps"
    verbose_name = "Kaart van de locaties"
