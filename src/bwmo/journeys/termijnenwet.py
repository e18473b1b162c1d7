"""Algemene termijnenwet: a statutory term that ends on a free day runs to the next working day.

Art. 1 lid 1: a term set by law that ends on a Saturday, a Sunday or a general holiday
(algemeen erkende feestdag) is extended to the next day that is none of these. Art. 3 lid 1
lists the general holidays:

    de Nieuwjaarsdag, de Christelijke tweede Paas- en Pinksterdag, de beide Kerstdagen, de
    Hemelvaartsdag, de dag waarop de verjaardag van de Koning wordt gevierd en de vijfde mei.

So: 1 January, Easter Monday, Whit Monday (Easter + 50), Ascension Day (Easter + 39), 25 and 26
December, Koningsdag and 5 May — the law names 5 May without restriction, so every year (the
collective-agreement rule "once every five years" is not the law's). Good Friday is not on the
list. Koningsdag is 27 April, 26 April when the 27th is a Sunday (Besluit van 2013 on the
King's birthday); before 2014 Koninginnedag, 30 April (29 April when the 30th is a Sunday).
Days added by royal decree under art. 3 lid 2 are not modelled (none is in force).

Easter is computed with the Anonymous Gregorian algorithm (Meeus/Jones/Butcher); no library is
needed for this small list.
"""

import functools
from collections.abc import Mapping
from datetime import date, timedelta
from types import MappingProxyType

SATURDAY = 5
SUNDAY = 6


def easter_sunday(year: int) -> date:
    """Western (Gregorian) Easter Sunday."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def kings_day(year: int) -> date:
    """The day the King's (before 2014: the Queen's) birthday is celebrated."""
    day = date(year, 4, 27) if year >= 2014 else date(year, 4, 30)
    return day - timedelta(days=1) if day.weekday() == SUNDAY else day


def general_holidays(year: int) -> dict[date, str]:
    """The general holidays of Algemene termijnenwet art. 3 lid 1 in ``year``, with names."""
    easter = easter_sunday(year)
    return {
        date(year, 1, 1): "Nieuwjaarsdag",
        easter + timedelta(days=1): "tweede Paasdag",
        kings_day(year): "Koningsdag" if year >= 2014 else "Koninginnedag",
        date(year, 5, 5): "5 mei (Bevrijdingsdag)",
        easter + timedelta(days=39): "Hemelvaartsdag",
        easter + timedelta(days=50): "tweede Pinksterdag",
        date(year, 12, 25): "eerste Kerstdag",
        date(year, 12, 26): "tweede Kerstdag",
    }


@functools.cache
def _holidays_of(year: int) -> Mapping[date, str]:
    return MappingProxyType(general_holidays(year))  # computed once a year, read-only


def free_day_reason(day: date) -> str | None:
    """Why ``day`` is not a working day under the Algemene termijnenwet, or ``None``."""
    holiday = _holidays_of(day.year).get(day)
    if holiday is not None:
        return holiday
    if day.weekday() == SATURDAY:
        return "zaterdag"
    if day.weekday() == SUNDAY:
        return "zondag"
    return None


def term_end(last_day: date) -> date:
    """The last day of a statutory term after Algemene termijnenwet art. 1."""
    day = last_day
    while free_day_reason(day) is not None:
        day += timedelta(days=1)
    return day
