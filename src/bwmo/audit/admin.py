from django.contrib import admin

from bwmo.accounts.admin_scope import RegionScopedAdmin

from .models import AccessLogEntry


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(RegionScopedAdmin):
    """Read-only: the access log has no change or delete path, not even here."""

    list_display = ["at", "username", "role", "organisation", "client_id", "action", "purpose",
                    "origin"]
    list_filter = ["action", "purpose"]
    search_fields = ["username"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
