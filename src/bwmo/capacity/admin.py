from django.contrib import admin

from bwmo.accounts.admin_scope import RegionScopedAdmin, RegionScopedInline

from .models import Location, PlaceCapacity, Provider


class LocationInline(RegionScopedInline, admin.TabularInline):
    model = Location
    fields = ["name", "address", "municipality", "location_type", "active"]
    extra = 0
    show_change_link = True


@admin.register(Provider)
class ProviderAdmin(RegionScopedAdmin):
    list_display = ["name", "agb_code", "quality_sufficient"]
    filter_horizontal = ["regions"]
    inlines = [LocationInline]


class CapacityInline(RegionScopedInline, admin.TabularInline):
    model = PlaceCapacity
    fields = ["product", "places", "valid_from", "reason"]
    extra = 0


@admin.register(Location)
class LocationAdmin(RegionScopedAdmin):
    list_display = ["name", "provider", "municipality", "neighbourhood", "location_type", "active"]
    list_filter = ["location_type", "municipality__region", "provider"]
    search_fields = ["name", "address"]
    inlines = [CapacityInline]
