"""The client page's section on the klantreis: meldingen and beschikkingen, with links.

Shown only to users with full case access (Wmo-consulent, CT-adviseur); the client page itself
has already checked the scope and written the access log.
"""

from django.http import HttpRequest

from bwmo.clients.models import Client
from bwmo.scoping import CaseAccess, case_access

from . import permissions, selectors


def klantreis_section(request: HttpRequest, client: Client) -> dict | None:  # type: ignore[type-arg]
    if case_access(request.user) is not CaseAccess.FULL:  # type: ignore[arg-type]
        return None
    meldingen = list(selectors.meldingen_of_client(request.user, client.pk))  # type: ignore[arg-type]
    return {
        "template": "journeys/_client_section.html",
        "meldingen": meldingen,
        "may_register": permissions.may_register_meldingen(request.user)  # type: ignore[arg-type]
        and not client.merged_into_id,
        "client": client,
    }
