from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "municipality", "provider"]
    list_filter = ["kind", "region"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "organisation", "is_active"]
    list_filter = ["role", "organisation__region", "is_active"]
    fieldsets = (*BaseUserAdmin.fieldsets, ("Rol en organisatie", {"fields": ("organisation", "role")}))
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        ("Rol en organisatie", {"fields": ("organisation", "role")}),
    )
