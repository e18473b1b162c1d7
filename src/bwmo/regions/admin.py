from django.contrib import admin

from .models import HousingAssociation, Municipality, Product, Region, RegionRuleSet, Tariff


class RuleSetInline(admin.TabularInline):
    model = RegionRuleSet
    extra = 0


class MunicipalityInline(admin.TabularInline):
    model = Municipality
    fields = ["code", "name", "inhabitants"]
    readonly_fields = ["code", "name", "inhabitants"]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "centrumgemeente", "decentralisation_date", "decision_maker"]
    inlines = [MunicipalityInline, RuleSetInline]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province", "inhabitants", "region"]
    list_filter = ["region", "province"]
    search_fields = ["code", "name"]
    exclude = ["boundary"]


class TariffInline(admin.TabularInline):
    model = Tariff
    extra = 0


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "region", "track", "category", "active"]
    list_filter = ["region", "track", "category"]
    inlines = [TariffInline]


@admin.register(HousingAssociation)
class HousingAssociationAdmin(admin.ModelAdmin):
    list_display = ["name"]
    filter_horizontal = ["municipalities"]
