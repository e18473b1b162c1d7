from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "bwmo.accounts"
    label = "accounts"
    verbose_name = "Gebruikers en organisaties"
