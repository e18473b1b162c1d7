"""Users and organisations in the admin, scoped to the region (accounts.admin_scope).

A region's functioneel beheer manages the names, e-mail, organisation (within the region),
active status and password of its region's users. Roles, staff status, permissions and superuser
rights are read-only for it: only the platform administrator grants them. Every change of role,
rights or password is written to the access log (audit.signals)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .admin_scope import (
    RegionScopedAdmin,
    admin_site_has_permission,
    is_platform_admin,
    user_admin_scope,
)
from .models import Organisation, User

admin.site.has_permission = admin_site_has_permission  # type: ignore[method-assign]

# Fields only the platform administrator may change.
PLATFORM_ONLY_FIELDS = ("role", "is_superuser", "is_staff", "groups", "user_permissions")


@admin.register(Organisation)
class OrganisationAdmin(RegionScopedAdmin):
    list_display = ["name", "kind", "region", "municipality", "provider"]
    list_filter = ["kind", "region"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(RegionScopedAdmin, BaseUserAdmin):  # type: ignore[misc]
    list_display = ["username", "first_name", "last_name", "role", "organisation", "is_active"]
    list_filter = ["role", "organisation__region", "is_active"]
    fieldsets = (*BaseUserAdmin.fieldsets, ("Rol en organisatie", {"fields": ("organisation", "role")}))
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        ("Rol en organisatie", {"fields": ("organisation", "role")}),
    )

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return user_admin_scope(super().get_queryset(request), request.user)

    def _in_scope(self, request, obj) -> bool:  # type: ignore[no-untyped-def]
        if not super()._in_scope(request, obj):
            return False
        return obj is None or user_admin_scope(User.objects.filter(pk=obj.pk), request.user).exists()

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        readonly = list(super().get_readonly_fields(request, obj))
        if not is_platform_admin(request.user):
            readonly += [f for f in PLATFORM_ONLY_FIELDS if f not in readonly]
        return readonly

    def get_fieldsets(self, request, obj=None):  # type: ignore[no-untyped-def]
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None and not is_platform_admin(request.user):
            # The add form has no read-only fields: leave the role out (a new user starts
            # without rights until the platform administrator grants a role).
            fieldsets = tuple(
                (name, {**opts, "fields": tuple(f for f in opts["fields"] if f not in PLATFORM_ONLY_FIELDS)})
                for name, opts in fieldsets
            )
        return fieldsets
