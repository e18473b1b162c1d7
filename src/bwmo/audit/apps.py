from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "bwmo.audit"
    label = "audit"
    verbose_name = "Toegangslog"
