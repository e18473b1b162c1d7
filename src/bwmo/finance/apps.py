from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "bwmo.finance"
    label = "finance"
    verbose_name = "Financiën"
