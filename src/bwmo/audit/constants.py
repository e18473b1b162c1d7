from django.db import models


class AccessAction(models.TextChoices):
    """What was done (NEN 7513: 'wat'). `view` is the read of one client's data."""

    VIEW = "view", "Ingezien"
    SEARCH = "search", "Gezocht"
    LIST = "list", "In een lijst getoond"
    CREATE = "create", "Aangemaakt"
    UPDATE = "update", "Gewijzigd"
    DELETE = "delete", "Verwijderd"
    PRINT = "print", "Afgedrukt"
    EXPORT = "export", "Geëxporteerd"
    MERGE = "merge", "Samengevoegd"
    UNMERGE = "unmerge", "Samenvoeging ongedaan"
    DENIED = "denied", "Geweigerd"
    LOGIN = "login", "Ingelogd"
    LOGIN_FAILED = "login_failed", "Inloggen mislukt"
    LOGOUT = "logout", "Uitgelogd"


class Purpose(models.TextChoices):
    """Why the data was accessed (NEN 7513: 'waarom')."""

    CASE_WORK = "case_work", "Uitvoering toegang (onderzoek, besluit)"
    ADVICE = "advice", "Advies centrale toegang"
    PLACEMENT = "placement", "Plaatsing en zorgverlening"
    DUPLICATE_CHECK = "duplicate_check", "Controle op dubbele registratie"
    API = "api", "Gegevensuitwisseling (API)"
    AUTHENTICATION = "authentication", "Aanmelden en afmelden"
    ADMINISTRATION = "administration", "Functioneel beheer (gebruikers en rollen)"
    SUPERVISION = "supervision", "Toezicht privacy officer"
    DATA_SUBJECT_REQUEST = "data_subject_request", "Verzoek van de cliënt (inzage, vernietiging)"
    RETENTION = "retention", "Bewaartermijn en vernietiging"
