from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "bwmo.retention"
    verbose_name = "Bewaartermijnen en vernietiging"

    def ready(self) -> None:
        from bwmo.clients.views import CLIENT_PAGE_SECTIONS

        from .views import client_section

        if client_section not in CLIENT_PAGE_SECTIONS:
            CLIENT_PAGE_SECTIONS.append(client_section)
