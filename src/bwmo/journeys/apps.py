from django.apps import AppConfig


class JourneysConfig(AppConfig):
    name = "bwmo.journeys"
    label = "journeys"
    verbose_name = "Klantreis en toegang"

    def ready(self) -> None:
        from bwmo.clients.views import CLIENT_PAGE_SECTIONS

        from .sections import klantreis_section

        if klantreis_section not in CLIENT_PAGE_SECTIONS:
            CLIENT_PAGE_SECTIONS.append(klantreis_section)
