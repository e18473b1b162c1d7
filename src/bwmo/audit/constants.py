from django.db import models


class AccessAction(models.TextChoices):
    VIEW = "view", "Ingezien"
    SEARCH = "search", "Gezocht"
    CREATE = "create", "Aangemaakt"
    UPDATE = "update", "Gewijzigd"
    PRINT = "print", "Afgedrukt"
    EXPORT = "export", "Geëxporteerd"
    MERGE = "merge", "Samengevoegd"
    UNMERGE = "unmerge", "Samenvoeging ongedaan"


class Purpose(models.TextChoices):
    """Why the data was accessed (NEN 7513: 'waarom')."""

    CASE_WORK = "case_work", "Uitvoering toegang (onderzoek, besluit)"
    ADVICE = "advice", "Advies centrale toegang"
    PLACEMENT = "placement", "Plaatsing en zorgverlening"
    DUPLICATE_CHECK = "duplicate_check", "Controle op dubbele registratie"
    API = "api", "Gegevensuitwisseling (API)"
