"""The case owner of a melding: the consulent who handles it ("behandelend consulent").

Rules:
- A case owner must be an active user who may handle the melding (`permissions.may_handle`): a
  Wmo-consulent of the municipality of the melding, or a CT-adviseur of the region where the
  central access handles it (MO, or BW under mandate).
- Who may handle the melding may take it on or hand it over to such a colleague; the previous
  owner (if any) and the new one are written to the case history, with the reason for a handover.
- "Mijn zaken" are the open meldingen a user owns.
"""

from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet

from bwmo.accounts.constants import Role
from bwmo.accounts.models import User
from bwmo.audit.constants import AccessAction, Purpose
from bwmo.audit.services import access_log_write
from bwmo.clients.constants import EventKind
from bwmo.clients.services import FieldErrors, client_event_add
from bwmo.regions.constants import DecisionMaker, Track

from . import permissions
from .constants import MeldingStatus
from .models import Melding


def owner_candidates(melding: Melding) -> QuerySet[User]:
    """The active users who may own this melding, by name."""
    region = melding.municipality.region
    condition = Q(role=Role.WMO_CONSULENT, organisation__municipality_id=melding.municipality_id)
    if region is not None and (
        melding.track == Track.MO or region.decision_maker == DecisionMaker.REGIONAL
    ):
        condition |= Q(role=Role.CT_ADVISEUR, organisation__region_id=region.pk,
                       organisation__municipality__isnull=True)
    candidates = User.objects.filter(condition, is_active=True).select_related("organisation")
    allowed = [u.pk for u in candidates if permissions.may_handle(u, melding)]
    return User.objects.filter(pk__in=allowed).order_by("last_name", "first_name", "username")


def display_name(user: User) -> str:
    return user.get_full_name() or user.get_username()


@transaction.atomic
def case_owner_set(
    *, melding: Melding, owner_id: int | None, acting_user: User, today: date, reason: str = ""
) -> Melding:
    """Make `owner_id` the case owner. Raises FieldErrors (Dutch) and then changes nothing."""
    if not permissions.may_handle(acting_user, melding):
        raise FieldErrors({"owner": "U mag deze melding niet toewijzen."})
    if melding.status != MeldingStatus.OPEN:
        raise FieldErrors({"owner": "Deze melding is afgesloten en kan niet meer worden toegewezen."})
    owner = owner_candidates(melding).filter(pk=owner_id).first() if owner_id else None
    if owner is None:
        raise FieldErrors({"owner": (
            "Deze persoon kan de melding niet behandelen. Kies een consulent uit de lijst."
        )})
    if owner.pk == melding.case_owner_id:
        raise FieldErrors({"owner": f"{display_name(owner)} behandelt deze melding al."})
    previous = melding.case_owner
    if previous is not None and previous.pk != acting_user.pk and not reason.strip() \
            and owner.pk != acting_user.pk:
        raise FieldErrors({"reason": "Schrijf kort waarom u de melding overdraagt."})
    melding.case_owner = owner
    melding.save(update_fields=["case_owner", "updated_at"])
    if previous is None:
        summary = f"{display_name(owner)} behandelt de melding."
    else:
        summary = f"Melding overgedragen van {display_name(previous)} aan {display_name(owner)}."
    if reason.strip():
        summary += f" Reden: {reason.strip()}"
    client_event_add(client=melding.client, kind=EventKind.MELDING, occurred_on=today,
                     actor=acting_user, summary=summary[:500])
    access_log_write(user=acting_user, action=AccessAction.UPDATE, purpose=Purpose.CASE_WORK,
                     client=melding.client, detail=f"Behandelend consulent: {display_name(owner)}")
    return melding


def my_cases(user: User) -> QuerySet[Melding]:
    """The open meldingen this user owns, within what the user may see."""
    from .selectors import meldingen_for

    return meldingen_for(user).filter(case_owner=user, status=MeldingStatus.OPEN)
