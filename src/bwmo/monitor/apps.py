from django.apps import AppConfig


class MonitorConfig(AppConfig):
    name = "bwmo.monitor"
    verbose_name = "Kwartaalmonitor"

    def ready(self) -> None:
        from . import reports  # noqa: F401  (registers the kwartaalmonitor report)
