from django.apps import AppConfig


class CapacityConfig(AppConfig):
    name = "bwmo.capacity"
    label = "capacity"
    verbose_name = "Zorgaanbieders, locaties en plaatsen"
