from django.contrib import admin, messages

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username"]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False  # a token is shown once: create it with `bwmo api-token create`

    @admin.action(description="Geselecteerde tokens intrekken")
    def revoke(self, request, queryset):  # type: ignore[no-untyped-def]
        for row in queryset:
            row.revoke()
        messages.success(request, f"{queryset.count()} token(s) ingetrokken.")
