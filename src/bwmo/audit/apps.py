from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "bwmo.audit"
    label = "audit"
    verbose_name = "Toegangslog"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the authentication receivers)
