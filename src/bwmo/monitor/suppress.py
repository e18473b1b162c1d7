"""Small counts on the monitor's screens (DOMAIN §9): below the threshold only "< N".

The one place the monitor suppresses a count for display; the shared suppression module of the
partner export replaces this function later. The threshold is ``BWMO_SMALL_COUNT_THRESHOLD``.
"""

from django.conf import settings


def small_count(count: int | None) -> str:
    if count is None:
        return "–"
    threshold = int(settings.BWMO_SMALL_COUNT_THRESHOLD)
    return f"< {threshold}" if 0 < count < threshold else str(count)


def is_suppressed(count: int | None) -> bool:
    return count is not None and 0 < count < int(settings.BWMO_SMALL_COUNT_THRESHOLD)
