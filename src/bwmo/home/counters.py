"""The counters on the home page, per role: what needs attention today.

Consulent and central access: their own cases ("Mijn zaken"), the open meldingen past a Wmo term
or due within 7 days, meldingen waiting for advice of the central access or for a decision, and
the placement signals. The central access also sees the advice questions it has to answer.
Provider staff: the placement signals and the waiting list. Outflow (issue 10): the central access
(transfer point) sees the proposals for the uitstroomtafel and stalled steps, a housing
association its candidates to decide on, a provider the outflows to register. The privacy officer:
destruction proposals to judge, destruction requests still open (Wmo 2015 art. 5.3.5: three
months), legal holds in force. Other roles have no counters.
"""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from bwmo.accounts.constants import Role
from bwmo.accounts.models import User


@dataclass(frozen=True)
class Counter:
    label: str
    count: int
    url: str
    badge: str = "neutral"  # ok | warning | error | neutral


def _signals(user: User, today: date) -> Counter:
    from bwmo.placements.selectors import signal_count

    return Counter("Signalen bij plaatsingen", signal_count(user=user, day=today),
                   reverse("placements:signals"), "warning")


def _outflow(user: User, today: date) -> list[Counter]:
    """Outflow and housing (issue 10): the uitstroomtafel, candidates, outflow to register."""
    from bwmo.housing.selectors import home_counts

    return [Counter(c.label, c.count, reverse(c.url_name), c.badge) for c in home_counts(user, today)]


def _retention(user: User) -> list[Counter]:
    from bwmo.retention.constants import ItemStatus, RequestStatus
    from bwmo.retention.selectors import holds_for, items_for, requests_for

    url = reverse("retention:overview")
    return [
        Counter("Voorstellen tot vernietiging te beoordelen",
                items_for(user).filter(status=ItemStatus.PROPOSED).count(), url, "warning"),
        Counter("Verzoeken tot vernietiging in behandeling",
                requests_for(user).filter(status=RequestStatus.RECEIVED).count(), url, "warning"),
        Counter("Bewaarplichten van kracht",
                holds_for(user).filter(lifted_on__isnull=True).count(), url),
    ]


def home_counters(user: User, today: date) -> list[Counter]:
    if user.role == Role.WONINGCORPORATIE:
        return _outflow(user, today)
    if user.role == Role.PRIVACY_OFFICER:
        return _retention(user)
    if user.role not in (Role.WMO_CONSULENT, Role.CT_ADVISEUR, Role.ZORGAANBIEDER):
        return []
    if user.role == Role.ZORGAANBIEDER:
        from bwmo.scoping import waiting_list_for

        waiting = waiting_list_for(user).open().count()
        return [_signals(user, today),
                Counter("Wachtend op een plaats", waiting, reverse("placements:waiting_list")),
                *_outflow(user, today)]

    from bwmo.journeys import case_owner
    from bwmo.journeys.selectors import Urgency, advice_queue, worklist

    rows = worklist(user, today=today)
    owned = set(case_owner.my_cases(user).values_list("pk", flat=True))
    worklist_url = reverse("journeys:worklist")
    counters = [
        Counter("Mijn zaken", sum(1 for r in rows if r.melding.pk in owned),
                reverse("journeys:my-cases")),
        Counter("Termijn verstreken", sum(1 for r in rows if r.urgency == Urgency.OVERDUE),
                f"{worklist_url}?termijn={Urgency.OVERDUE.value}", "error"),
        Counter("Termijn verloopt deze week", sum(1 for r in rows if r.urgency == Urgency.DUE_SOON),
                f"{worklist_url}?termijn={Urgency.DUE_SOON.value}", "warning"),
        Counter("Wacht op advies centrale toegang", sum(1 for r in rows if r.open_advice),
                worklist_url),
        Counter("Onderzoek af, wacht op besluit",
                sum(1 for r in rows if r.melding.investigation_completed_on), worklist_url),
    ]
    if user.role == Role.CT_ADVISEUR:
        counters.insert(1, Counter("Adviesvragen te beantwoorden", advice_queue(user).count(),
                                   reverse("journeys:advice-queue"), "warning"))
    counters.append(_signals(user, today))
    if user.role == Role.CT_ADVISEUR:
        counters += _outflow(user, today)
    return counters
