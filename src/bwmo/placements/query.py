"""Reusable filters for placements and waiting-list entries."""

from datetime import date
from typing import Self

from django.db import models
from django.db.models import Q

from bwmo.capacity.occupancy import not_ended_before, occupying_on


class PlacementQuerySet(models.QuerySet):  # type: ignore[type-arg]
    def active_on(self, day: date) -> Self:
        """Placements occupying a place on `day`: start ≤ day and (no end or end ≥ day)."""
        return self.filter(occupying_on(day))

    def not_ended_before(self, day: date) -> Self:
        """Placements that occupy a place on `day` or later."""
        return self.filter(not_ended_before(day))


class WaitingListQuerySet(models.QuerySet):  # type: ignore[type-arg]
    def open(self) -> Self:
        return self.filter(removed_on__isnull=True)

    def waiting_on(self, day: date) -> Self:
        return self.filter(entered_on__lte=day).filter(
            Q(removed_on__isnull=True) | Q(removed_on__gt=day)
        )
