from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JobsConfig(AppConfig):
    name = "bwmo.jobs"
    label = "jobs"
    verbose_name = "Taken op de achtergrond"

    def ready(self) -> None:
        # each app declares its kinds of job in its own `jobs.py` (registry.register)
        autodiscover_modules("jobs")
