from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "bwmo.demo"
    label = "demo"
    verbose_name = "Demo-gegevens"
