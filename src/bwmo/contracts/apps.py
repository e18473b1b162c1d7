from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "bwmo.contracts"
    label = "contracts"
    verbose_name = "Contracten, kwaliteit en accountmanagement"
