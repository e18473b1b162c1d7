from django.db import models


class EventKind(models.TextChoices):
    """Kinds of entries in a client's case history. Later modules add their own kinds here."""

    REGISTERED = "registered", "Cliënt geregistreerd"
    UPDATED = "updated", "Gegevens gewijzigd"
    MELDING = "melding", "Melding"
    ADVICE_REQUESTED = "advice_requested", "Advies centrale toegang gevraagd"
    ADVICE_GIVEN = "advice_given", "Advies centrale toegang gegeven"
    TOETS = "toets", "Toegangstoets"
    TOETS_OVERRIDE = "toets_override", "Afwijking van de toetsuitkomst"
    AANVRAAG = "aanvraag", "Aanvraag"
    BESCHIKKING = "beschikking", "Beschikking"
    RESPONSIBILITY = "responsibility", "Verantwoordelijke gemeente bepaald"
    WAITING_LIST = "waiting_list", "Op wachtlijst geplaatst"
    WAITING_LIST_REMOVED = "waiting_list_removed", "Van wachtlijst af"
    PLACEMENT_STARTED = "placement_started", "Plaatsing gestart"
    PLACEMENT_ENDED = "placement_ended", "Plaatsing beëindigd"
    DOORSTROOM = "doorstroom", "Doorstroom"
    PRINTED = "printed", "Brief afgedrukt"
    WONINGZOEKENDE = "woningzoekende", "Ingeschreven als woningzoekende"
    MERGED = "merged", "Dossiers samengevoegd"
    UNMERGED = "unmerged", "Samenvoeging ongedaan gemaakt"
    CONTACT_DETAILS = "contact_details", "Adres- en contactgegevens gewijzigd"
    RELATION = "relation", "Vertegenwoordiger of contactpersoon"
    NOTE = "note", "Notitie"
    DOCUMENT = "document", "Document toegevoegd"


# Event kinds a provider may see in the case history (what the placement needs, DOMAIN §2).
PROVIDER_VISIBLE_EVENTS = frozenset(
    {
        EventKind.WAITING_LIST,
        EventKind.WAITING_LIST_REMOVED,
        EventKind.PLACEMENT_STARTED,
        EventKind.PLACEMENT_ENDED,
        EventKind.DOORSTROOM,
    }
)


class NoBsnReason(models.TextChoices):
    NOT_REGISTERED = "not_registered", "Niet ingeschreven in de BRP"
    UNKNOWN = "unknown", "BSN (nog) onbekend"
    REFUSED = "refused", "Cliënt wil BSN niet geven"
    FOREIGN = "foreign", "Buitenlandse nationaliteit zonder BSN"


class AddressKind(models.TextChoices):
    """Where letters go. Homeless clients often have a briefadres (a postal address, e.g. at the
    municipality or a night shelter) instead of a home address."""

    HOME = "home", "Woonadres"
    BRIEFADRES = "briefadres", "Briefadres (postadres, geen woonadres)"
    NONE = "none", "Geen adres bekend"


class RelationRole(models.TextChoices):
    """The role of a person around the client. The first five may act for the client."""

    CURATOR = "curator", "Curator"
    MENTOR = "mentor", "Mentor"
    BEWINDVOERDER = "bewindvoerder", "Beschermingsbewindvoerder"
    GUARDIAN = "guardian", "Ouder of voogd"
    AUTHORISED = "authorised", "Schriftelijk gemachtigde"
    CONTACT = "contact", "Contactpersoon"


REPRESENTATIVE_ROLES = frozenset(
    {RelationRole.CURATOR, RelationRole.MENTOR, RelationRole.BEWINDVOERDER,
     RelationRole.GUARDIAN, RelationRole.AUTHORISED}
)


class NoteKind(models.TextChoices):
    CONVERSATION = "conversation", "Gespreksverslag"
    PHONE = "phone", "Telefoonnotitie"
    OTHER = "other", "Overige notitie"


class DocumentKind(models.TextChoices):
    INVESTIGATION_REPORT = "investigation_report", "Onderzoeksverslag"
    IDENTITY = "identity", "Identiteitsbewijs"
    MEDICAL = "medical", "Medische of psychiatrische informatie"
    CORRESPONDENCE = "correspondence", "Brief of correspondentie"
    OTHER = "other", "Overig document"
