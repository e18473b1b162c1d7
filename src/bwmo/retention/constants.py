from django.db import models


class ItemStatus(models.TextChoices):
    """A destruction proposal for one client: proposed → approved → executed; reversible until
    executed (approval withdrawn → proposed; rejected; lapsed when no longer due)."""

    PROPOSED = "proposed", "Voorgesteld"
    APPROVED = "approved", "Goedgekeurd"
    REJECTED = "rejected", "Afgewezen"
    LAPSED = "lapsed", "Vervallen"
    EXECUTED = "executed", "Vernietigd"


OPEN_STATUSES = (ItemStatus.PROPOSED, ItemStatus.APPROVED)


class ItemSource(models.TextChoices):
    RETENTION = "retention", "Bewaartermijn verstreken"
    REQUEST = "request", "Verzoek van de cliënt (Wmo 2015 art. 5.3.5)"


class RequestStatus(models.TextChoices):
    RECEIVED = "received", "Ontvangen"
    GRANTED = "granted", "Toegewezen"
    REFUSED = "refused", "Afgewezen"


# Wmo 2015 art. 5.3.5 lid 2: the municipality destroys within three months of the request.
REQUEST_TERM_MONTHS = 3
