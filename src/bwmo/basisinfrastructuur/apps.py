from django.apps import AppConfig


class BasisinfrastructuurConfig(AppConfig):
    name = "bwmo.basisinfrastructuur"
    label = "basisinfrastructuur"
    verbose_name = "Lokale basisinfrastructuur"
