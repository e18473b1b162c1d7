"""Reads for the follow-up worklists, always within the user's scope (`bwmo.scoping`)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, Max, OuterRef, QuerySet

from bwmo.accounts.constants import Role
from bwmo.accounts.models import User
from bwmo.journeys.constants import BeschikkingOutcome
from bwmo.journeys.models import Beschikking, Melding
from bwmo.journeys.selectors import meldingen_for
from bwmo.placements.models import Placement
from bwmo.regions.models import Region
from bwmo.scoping import placements_for

from . import rules
from .models import Bezwaar, FollowUpSettings

CASE_ROLES = (Role.WMO_CONSULENT, Role.CT_ADVISEUR)
REVIEW_AHEAD_DAYS = 14  # a gesprek shows on the list two weeks before it is due


@dataclass(frozen=True)
class Settings:
    herindicatie_signal_weeks: int = rules.DEFAULT_HERINDICATIE_WEEKS
    review_interval_months: int = rules.DEFAULT_REVIEW_MONTHS


def settings_for(region: Region | None) -> Settings:
    row = FollowUpSettings.objects.filter(region=region).first() if region else None
    if row is None:
        return Settings()
    return Settings(row.herindicatie_signal_weeks, row.review_interval_months)


def _user_region(user: User) -> Region | None:
    organisation = user.organisation if user.is_authenticated else None
    return organisation.region if organisation is not None else None


def beschikkingen_for(user: User) -> QuerySet[Beschikking]:
    if user.role not in CASE_ROLES:
        return Beschikking.objects.none()
    return Beschikking.objects.filter(melding__in=meldingen_for(user))


def bezwaren_for(user: User) -> QuerySet[Bezwaar]:
    return Bezwaar.objects.filter(beschikking__in=beschikkingen_for(user))


@dataclass(frozen=True)
class BezwaarRow:
    bezwaar: Bezwaar
    terms: rules.BezwaarTerms
    overdue: bool


def bezwaar_worklist(user: User, *, today: date, decided: bool = False) -> list[BezwaarRow]:
    bezwaren = bezwaren_for(user).filter(decided_on__isnull=not decided).select_related(
        "beschikking__client", "beschikking__melding__municipality"
    )
    rows = []
    for bezwaar in bezwaren:
        terms = rules.bezwaar_terms(
            bezwaar.beschikking.decided_on, bezwaar.received_on,
            advisory_committee=bezwaar.advisory_committee,
            extension_weeks=bezwaar.extension_weeks,
        )
        rows.append(BezwaarRow(bezwaar, terms, not decided and terms.decision_due < today))
    rows.sort(key=lambda r: (r.terms.decision_due, r.bezwaar.pk))
    return rows


@dataclass(frozen=True)
class HerindicatieRow:
    beschikking: Beschikking
    signal_from: date
    days_left: int


def herindicaties(user: User, *, today: date) -> list[HerindicatieRow]:
    """Granted beschikkingen that end within the region's signal period (or ended less than the
    Wmo decision term ago), for which no melding was registered since the decision."""
    weeks = settings_for(_user_region(user)).herindicatie_signal_weeks
    horizon = today + timedelta(weeks=weeks)
    newer = Melding.objects.filter(
        client_id=OuterRef("client_id"), track=OuterRef("melding__track"),
        reported_on__gte=OuterRef("decided_on"),
    ).exclude(pk=OuterRef("melding_id"))
    candidates = beschikkingen_for(user).filter(
        outcome=BeschikkingOutcome.GRANTED, end_date__isnull=False,
        end_date__gte=today - timedelta(weeks=8), end_date__lte=horizon,
    ).exclude(Exists(newer)).select_related(
        "client", "product", "melding__municipality", "responsible_municipality")
    rows = []
    for beschikking in candidates:
        assert beschikking.end_date is not None
        rows.append(HerindicatieRow(
            beschikking, rules.herindicatie_signal_from(beschikking.end_date, weeks),
            (beschikking.end_date - today).days,
        ))
    rows.sort(key=lambda r: (r.beschikking.end_date, r.beschikking.pk))
    return rows


@dataclass(frozen=True)
class ReviewRow:
    placement: Placement
    last_review: date | None
    due: date
    overdue: bool


def reviews_due(user: User, *, today: date) -> list[ReviewRow]:
    """Running placements whose voortgangsgesprek is due within two weeks or overdue."""
    if user.role not in CASE_ROLES:
        return []
    months = settings_for(_user_region(user)).review_interval_months
    placements = (
        placements_for(user).filter(end_date__isnull=True, start_date__lte=today)
        .annotate(last_review=Max("reviews__held_on"))
        .select_related("client", "location", "product")
    )
    rows = []
    for placement in placements:
        due = rules.review_due(placement.start_date, placement.last_review, months)
        if due <= today + timedelta(days=REVIEW_AHEAD_DAYS):
            rows.append(ReviewRow(placement, placement.last_review, due, due < today))
    rows.sort(key=lambda r: (r.due, r.placement.pk))
    return rows


def bezwaar_get_for(user: User, pk: int) -> Bezwaar:
    return bezwaren_for(user).select_related(
        "beschikking__client", "beschikking__melding__municipality__region", "registered_by"
    ).get(pk=pk)


YOUTH_SIGNAL_MONTHS = 6  # issue 7: a youth-care client is signalled six months before turning 18


@dataclass(frozen=True)
class YouthRow:
    client: object  # clients.Client
    birthday_18: date
    melding: Melding | None
    state_label: str
    decided: bool


def turning_18(user: User, *, today: date) -> list[YouthRow]:
    """18-/18+ (Toekomstvisie beschermd wonen 2032, regio IJssel-Vecht, §2.2): clients in scope
    who turn 18 within six months (or did so in the last month), with the state of their latest
    BW melding, so that the Wmo melding and decision are there before the 18th birthday."""
    from bwmo.journeys.workflow import melding_state
    from bwmo.scoping import clients_for

    if user.role not in CASE_ROLES:
        return []
    from bwmo.journeys.decision_rules import add_years

    latest_born = add_years(rules.add_months(today, YOUTH_SIGNAL_MONTHS), -18)
    earliest_born = add_years(rules.add_months(today, -1), -18)
    clients = clients_for(user).filter(
        date_of_birth__gt=earliest_born, date_of_birth__lte=latest_born, merged_into__isnull=True,
    ).order_by("date_of_birth", "pk")
    rows = []
    for client in clients:
        melding = (meldingen_for(user).filter(client=client, track="BW")
                   .order_by("-reported_on", "-id").first())
        state = melding_state(melding) if melding is not None else None
        rows.append(YouthRow(
            client=client, birthday_18=add_years(client.date_of_birth, 18), melding=melding,
            state_label=state.label if state is not None else "Nog geen melding",
            decided=melding is not None and melding.beschikkingen.exists(),
        ))
    return rows
