"""Write use cases for places: a provider changes the number of places of a product at a location.

A change is a new `PlaceCapacity` row (valid from a date, who, why); the history is never
rewritten. Rules, all checked before anything is written:
- only the provider's own staff change its locations' places (`bwmo.scoping.may_change_capacity`);
- the number is a whole number from 0 to `MAX_PLACES`; a reason is required;
- the product is one the location's region offers;
- the date is not before the last recorded change (a change on the same date corrects it), so
  history only grows forward;
- the new number is not below the places occupied on any day it governs.

Placements of the same (location, product) and capacity changes serialise on a row lock on that
pair's capacity rows (`lock_places`), so a reduction and a placement can never both pass their
checks against the same old state.
"""

from datetime import date

from django.db import transaction

from bwmo.accounts.models import User
from bwmo.core.dates import nl_date
from bwmo.core.exceptions import DomainError
from bwmo.regions.models import Product
from bwmo.scoping import may_change_capacity

from . import rules
from .models import Location, PlaceCapacity
from .occupancy import not_ended_before

MAX_PLACES = 1000
MAX_REASON = 200


def lock_places(location_id: int, product_id: int) -> None:
    """Lock every capacity row of (location, product) until the transaction ends.

    Rows are never deleted or updated, so every transaction that places a client at, or changes
    the places of, this pair waits here for the one before it to commit. On SQLite the
    transaction already holds the database's write lock (transaction_mode IMMEDIATE).
    """
    list(
        PlaceCapacity.objects.select_for_update()
        .filter(location_id=location_id, product_id=product_id)
        .order_by("pk").values_list("pk", flat=True)
    )


def capacity_steps(location_id: int, product_id: int) -> list[rules.CapacityStep]:
    rows = (
        PlaceCapacity.objects.filter(location_id=location_id, product_id=product_id)
        .order_by("valid_from", "id").values_list("valid_from", "places")
    )
    return [rules.CapacityStep(valid_from=v, places=p) for v, p in rows]


def stays_from(location_id: int, product_id: int, day: date) -> list[rules.Stay]:
    """Placements of (location, product) that occupy a place on `day` or later."""
    rows = (
        Location(pk=location_id).placements.filter(product_id=product_id)
        .filter(not_ended_before(day)).values_list("start_date", "end_date")
    )
    return [rules.Stay(start=s, end=e) for s, e in rows]


def _validate_places(places: object) -> list[str]:
    if isinstance(places, bool) or not isinstance(places, int):
        return ["Het aantal plaatsen moet een heel getal zijn (0 of meer)."]
    if places < 0:
        return ["Het aantal plaatsen kan niet negatief zijn."]
    if places > MAX_PLACES:
        return [f"Meer dan {MAX_PLACES} plaatsen op één locatie is niet mogelijk."]
    return []


@transaction.atomic
def capacity_change(
    *, location: Location, product: Product, places: int, valid_from: date, reason: str,
    acting_user: User,
) -> PlaceCapacity:
    if not may_change_capacity(acting_user, location):
        raise DomainError("U mag de plaatsen van deze locatie niet wijzigen.")
    errors = _validate_places(places)
    reason = (reason or "").strip()
    if not reason:
        errors.append("Geef de reden van de wijziging.")
    elif len(reason) > MAX_REASON:
        errors.append(f"De reden is te lang (hoogstens {MAX_REASON} tekens).")
    if rules.date_out_of_range(valid_from):
        errors.append(
            f"De ingangsdatum moet tussen {nl_date(rules.EARLIEST_DATE)} en "
            f"{nl_date(rules.LATEST_DATE)} liggen."
        )
    if product.region_id != location.municipality.region_id:
        errors.append(f"{product} is geen product van de regio van {location.name}.")
    elif not product.active:
        errors.append(f"{product} wordt in de regio niet meer aangeboden.")
    if errors:
        raise DomainError(*errors)

    lock_places(location.pk, product.pk)
    steps = capacity_steps(location.pk, product.pk)
    if steps:
        latest = max(s.valid_from for s in steps)
        if valid_from < latest:
            raise DomainError(
                f"De ingangsdatum ligt vóór de laatst vastgelegde wijziging ({nl_date(latest)}). "
                "Kies die datum of later.", field="valid_from",
            )
        current = rules.capacity_on(steps, valid_from)
        if current == places:
            raise DomainError(
                f"Er verandert niets: {location.name} heeft op {nl_date(valid_from)} al {places} "
                f"plaatsen voor {product}.", field="places",
            )
    excess = rules.first_excess(
        steps, stays_from(location.pk, product.pk, valid_from),
        rules.CapacityStep(valid_from=valid_from, places=places),
    )
    if excess is not None:
        raise DomainError(
            f"Op {nl_date(excess.day)} zijn er {excess.occupied} plaatsen bezet voor {product}; "
            f"het aantal plaatsen kan niet lager zijn dan {excess.occupied}.", field="places",
        )
    return PlaceCapacity.objects.create(
        location=location, product=product, places=places, valid_from=valid_from,
        reason=reason, changed_by=acting_user,
    )
