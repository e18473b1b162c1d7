"""Recording an opschorting (Awb 4:15) and the one verdaging (Awb 4:14) of a melding's terms.

The Wmo terms themselves are computed in :mod:`bwmo.journeys.deadlines`; this module stores what
moves them, checks it (Dutch errors, nothing half-saved), writes the case history and the access
log. :func:`melding_terms` gives the recorded suspensions and extension of a melding in the form
the deadline rules take.
"""

from datetime import date

from django.db import transaction

from bwmo.accounts.models import User
from bwmo.audit.constants import AccessAction
from bwmo.audit.services import access_log_write
from bwmo.clients.constants import EventKind
from bwmo.clients.services import client_event_add
from bwmo.core.dates import nl_date

from . import permissions
from .deadlines import MAX_EXTENSION_DAYS, DeadlineInputError, Suspension, wmo_deadlines
from .models import DeadlineSuspension, Melding
from .services import FormErrors, _locked_open_melding, _purpose, _short

MIN_REASON_LENGTH = 10


def melding_terms(melding: Melding) -> tuple[tuple[Suspension, ...], int]:
    """The recorded suspensions and extension days of ``melding`` (uses a prefetch if present)."""
    suspensions = tuple(Suspension(s.start, s.end) for s in melding.suspensions.all())
    return suspensions, melding.extension_days


def _check_may_handle(acting_user: User, melding: Melding) -> None:
    if not permissions.may_handle(acting_user, melding):
        raise FormErrors([(None, "Alleen de toegang die de melding behandelt, legt opschorting of "
                                 "verdaging vast.")])


def _reason_error(reason: str, what: str) -> list[tuple[str | None, str]]:
    if len(reason.strip()) >= MIN_REASON_LENGTH:
        return []
    return [("reason", f"Schrijf op waarom de termijn wordt {what} (minstens {MIN_REASON_LENGTH} "
                       "tekens).")]


@transaction.atomic
def melding_suspension_record(
    *, melding: Melding, start: date, end: date | None, reason: str, acting_user: User,
    today: date,
) -> DeadlineSuspension:
    """Record an opschorting (Awb 4:15) from ``start`` up to and including ``end`` (empty: still
    running)."""
    melding = _locked_open_melding(melding)
    _check_may_handle(acting_user, melding)
    errors = _reason_error(reason, "opgeschort")
    if start < melding.reported_on:
        errors.append(("start", f"De opschorting ({nl_date(start)}) kan niet vóór de melding "
                                f"({nl_date(melding.reported_on)}) beginnen."))
    if start > today:
        errors.append(("start", f"De opschorting ({nl_date(start)}) ligt in de toekomst."))
    if end is not None and end < start:
        errors.append(("end", f"De einddatum ({nl_date(end)}) ligt vóór de begindatum "
                              f"({nl_date(start)})."))
    for other in melding.suspensions.all():
        if other.end is None:
            errors.append((None, f"Er loopt al een opschorting sinds {nl_date(other.start)}; "
                                 "beëindig die eerst."))
        elif start <= other.end and (end is None or end >= other.start):
            errors.append((None, f"Deze opschorting overlapt met die van {nl_date(other.start)} "
                                 f"t/m {nl_date(other.end)}."))
    if errors:
        raise FormErrors(errors)
    suspension = DeadlineSuspension.objects.create(
        melding=melding, start=start, end=end, reason=reason.strip(), recorded_by=acting_user,
    )
    period = f"van {nl_date(start)}" + (f" t/m {nl_date(end)}" if end else ", loopt nog")
    client_event_add(
        client=melding.client, kind=EventKind.UPDATED, occurred_on=today, actor=acting_user,
        summary=_short(f"Termijn opgeschort (Awb 4:15) {period}: {reason.strip()}"),
        data={"melding": melding.pk, "suspension": suspension.pk},
    )
    access_log_write(user=acting_user, action=AccessAction.UPDATE, purpose=_purpose(acting_user),
                     client=melding.client, detail=f"Melding {melding.pk}: opschorting")
    return suspension


@transaction.atomic
def melding_suspension_end(
    *, melding: Melding, end: date, acting_user: User, today: date
) -> DeadlineSuspension:
    """End the running opschorting on ``end`` (its last suspended day)."""
    melding = _locked_open_melding(melding)
    _check_may_handle(acting_user, melding)
    running = melding.suspensions.filter(end__isnull=True).first()
    if running is None:
        raise FormErrors([(None, "Er loopt geen opschorting.")])
    errors: list[tuple[str | None, str]] = []
    if end < running.start:
        errors.append(("end", f"De einddatum ({nl_date(end)}) ligt vóór het begin van de "
                              f"opschorting ({nl_date(running.start)})."))
    if end > today:
        errors.append(("end", f"De einddatum ({nl_date(end)}) ligt in de toekomst."))
    if errors:
        raise FormErrors(errors)
    running.end = end
    running.save(update_fields=["end", "updated_at"])
    client_event_add(
        client=melding.client, kind=EventKind.UPDATED, occurred_on=today, actor=acting_user,
        summary=f"Opschorting van {nl_date(running.start)} beëindigd per {nl_date(end)}.",
        data={"melding": melding.pk, "suspension": running.pk},
    )
    access_log_write(user=acting_user, action=AccessAction.UPDATE, purpose=_purpose(acting_user),
                     client=melding.client, detail=f"Melding {melding.pk}: opschorting beëindigd")
    return running


@transaction.atomic
def melding_extension_record(
    *, melding: Melding, days: int, reason: str, acting_user: User, today: date
) -> Melding:
    """Record the one verdaging (Awb 4:14 lid 3): before the running term has ended."""
    melding = _locked_open_melding(melding)
    _check_may_handle(acting_user, melding)
    errors = _reason_error(reason, "verdaagd")
    if melding.extension_days:
        errors.append((None, f"De termijn is al eens verdaagd, op {nl_date(melding.extended_on)} "
                             f"met {melding.extension_days} dagen; dat kan maar één keer."))
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        errors.append(("days", f"Vul een verdaging in van 1 tot en met {MAX_EXTENSION_DAYS} "
                               "dagen."))
    suspensions, _ = melding_terms(melding)
    try:
        terms = wmo_deadlines(melding.reported_on, melding.aanvraag_on,
                              melding.investigation_completed_on, None, today,
                              suspensions=suspensions)
    except DeadlineInputError as exc:
        raise FormErrors([(None, m) for m in exc.messages]) from exc
    running = terms.decision if melding.aanvraag_on is not None else terms.investigation
    if running.due_date is not None and today > running.due_date:
        errors.append((None, f"De termijn is op {nl_date(running.due_date)} verstreken; verdagen "
                             "kan alleen vóór het einde van de termijn (Awb 4:14)."))
    if errors:
        raise FormErrors(errors)
    melding.extension_days = days
    melding.extension_reason = reason.strip()
    melding.extended_on = today
    melding.save(update_fields=["extension_days", "extension_reason", "extended_on",
                                "updated_at"])
    client_event_add(
        client=melding.client, kind=EventKind.UPDATED, occurred_on=today, actor=acting_user,
        summary=_short(f"Termijn verdaagd met {days} dagen (Awb 4:14): {reason.strip()}"),
        data={"melding": melding.pk, "extension_days": days},
    )
    access_log_write(user=acting_user, action=AccessAction.UPDATE, purpose=_purpose(acting_user),
                     client=melding.client, detail=f"Melding {melding.pk}: verdaging")
    return melding
