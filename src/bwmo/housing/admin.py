"""Functioneel beheer: the transfer point's settings (draagkracht criteria, stall days,
strippenkaart) and the neighbourhoods; the rest is read-only here, changed through the screens."""

from django.contrib import admin

from bwmo.accounts.admin_scope import RegionScopedAdmin

from .models import Neighbourhood, TransferPointSettings


@admin.register(TransferPointSettings)
class TransferPointSettingsAdmin(RegionScopedAdmin):
    list_display = ("region", "draagkracht_max_per_year", "draagkracht_per_1000_dwellings",
                    "stall_days", "strippenkaart_contacts")


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(RegionScopedAdmin):
    list_display = ("code", "name", "municipality", "dwellings")
    search_fields = ("code", "name")
