"""Names, dates of birth and BSNs for the simulated people.

Ages are assigned after the flow is simulated, because the calibration is about the clients *in
care* in the year the policy plan measured (DOMAIN §10, seed 004 §3.1: about 40 % in their
twenties, 31 % over 50, "cijfers uit het jaar 2017"; `cal.AGE_CALIBRATION_DAY`). Each such client
has a minimum possible age on that day: 18 at the first melding plus the years since. Buckets are filled from
young to old with clients for whom the bucket is possible, so a long-stay client is never made
too young; clients no bucket could take get the oldest possible bucket. People not in BW care
today get an age at their first melding from the inflow distribution (MO: zwerfjongeren 18-22).
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from . import calibration as cal
from .names import person_name
from .simulation import Person, Weighted, in_care_on, randint

MAX_AGE_TODAY = 95


@dataclass(frozen=True, slots=True)
class Identity:
    given_names: str
    surname_prefix: str
    surname: str
    date_of_birth: date
    bsn: str  # "" when the person has no BSN


def _birth_date(on: date, age: int, rng: random.Random) -> date:
    """A date of birth so that the person is exactly `age` on `on`."""
    try:
        anniversary = on.replace(year=on.year - age)
    except ValueError:  # 29 February
        anniversary = date(on.year - age, 2, 28)
    return anniversary - timedelta(days=randint(rng, 0, 364))


def _min_age_today(first: date, today: date) -> int:
    return 18 + (today.year - first.year) + 1


def birth_dates(persons: Sequence[Person], rng: random.Random, today: date) -> list[date]:
    day = min(cal.AGE_CALIBRATION_DAY, today)
    day_ord = day.toordinal()
    first_seen = [date.fromordinal(min(e.reported for e in p.episodes)) for p in persons]
    result: list[date | None] = [None] * len(persons)

    in_care = [i for i, p in enumerate(persons)
               if p.track == "BW" and any(in_care_on(e, day_ord) for e in p.episodes)]
    rng.shuffle(in_care)
    minimum = {i: _min_age_today(first_seen[i], day) for i in in_care}
    remaining = in_care
    n = len(in_care)
    for low, high, share in cal.BW_AGE_BUCKETS_IN_CARE:
        wanted = round(share * n)
        taken: list[int] = []
        rest: list[int] = []
        for i in remaining:
            if len(taken) < wanted and minimum[i] <= high:
                taken.append(i)
            else:
                rest.append(i)
        for i in taken:
            age = randint(rng, max(low, minimum[i]), high)
            result[i] = _birth_date(day, age, rng)
        remaining = rest
    for i in remaining:  # no bucket left that fits: as young as possible
        age = min(max(minimum[i], 50), MAX_AGE_TODAY - (today.year - day.year))
        result[i] = _birth_date(day, max(age, minimum[i]), rng)

    bw_inflow = Weighted([((lo, hi), share) for lo, hi, share in cal.BW_AGE_AT_INFLOW])
    mo_inflow = Weighted([((lo, hi), share) for lo, hi, share in cal.MO_AGE_AT_INFLOW])
    for i, person in enumerate(persons):
        if result[i] is not None:
            continue
        first = first_seen[i]
        if person.youth:
            low, high = 18, 22
        else:
            low, high = (bw_inflow if person.track == "BW" else mo_inflow)(rng)  # type: ignore[misc]
        oldest = max(18, MAX_AGE_TODAY - (today.year - first.year) - 1)
        age = min(randint(rng, low, high), oldest)
        result[i] = _birth_date(first, age, rng)
    return [d for d in result if d is not None]


def identities(persons: Sequence[Person], *, rng: random.Random, bsns: Iterator[str],
               today: date) -> list[Identity]:
    """One identity per person, in the order of `persons`."""
    dobs = birth_dates(persons, rng, today)
    result = []
    for person, dob in zip(persons, dobs, strict=True):
        _, given, prefix, surname = person_name(rng)
        bsn = "" if person.no_bsn_reason else next(bsns)
        result.append(Identity(given, prefix, surname, dob, bsn))
    return result
