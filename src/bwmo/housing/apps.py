from django.apps import AppConfig


class HousingConfig(AppConfig):
    name = "bwmo.housing"
    label = "housing"
    verbose_name = "Uitstroom en wonen"
