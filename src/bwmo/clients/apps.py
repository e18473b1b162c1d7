from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "bwmo.clients"
    label = "clients"
    verbose_name = "Cliënten"

    def ready(self) -> None:
        from .views import CLIENT_PAGE_SECTIONS, merge_section

        if merge_section not in CLIENT_PAGE_SECTIONS:
            CLIENT_PAGE_SECTIONS.append(merge_section)
