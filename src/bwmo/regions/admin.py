from django.contrib import admin

from bwmo.accounts.admin_scope import RegionScopedAdmin, RegionScopedInline

from .models import HousingAssociation, Municipality, Product, Region, RegionRuleSet, Tariff


class RuleSetInline(RegionScopedInline, admin.TabularInline):
    model = RegionRuleSet
    extra = 0


class MunicipalityInline(RegionScopedInline, admin.TabularInline):
    model = Municipality
    fields = ["code", "name", "inhabitants"]
    readonly_fields = ["code", "name", "inhabitants"]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Region)
class RegionAdmin(RegionScopedAdmin):
    list_display = ["name", "centrumgemeente", "decentralisation_date", "decision_maker"]
    inlines = [MunicipalityInline, RuleSetInline]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        """A new region is a platform decision, not a region's."""
        return request.user.is_superuser and super().has_add_permission(request)


@admin.register(Municipality)
class MunicipalityAdmin(RegionScopedAdmin):
    list_display = ["code", "name", "province", "inhabitants", "region"]
    list_filter = ["region", "province"]
    search_fields = ["code", "name"]
    exclude = ["boundary"]


class TariffInline(RegionScopedInline, admin.TabularInline):
    model = Tariff
    extra = 0


@admin.register(Product)
class ProductAdmin(RegionScopedAdmin):
    list_display = ["name", "code", "region", "track", "category", "active"]
    list_filter = ["region", "track", "category"]
    inlines = [TariffInline]


@admin.register(HousingAssociation)
class HousingAssociationAdmin(RegionScopedAdmin):
    list_display = ["name"]
    filter_horizontal = ["municipalities"]
