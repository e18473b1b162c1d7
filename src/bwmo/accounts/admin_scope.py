"""Django admin (functioneel beheer) scoped to the user's region.

- The platform administrator (an active superuser) sees and changes everything; only they grant
  roles, staff status, permissions or superuser rights.
- A region's functioneel beheer (role `functioneel_beheer`, staff) sees only its own region's
  data: users and organisations of the region, its municipalities, products, tariffs, rule sets,
  the providers contracted there and their locations. Choices in forms are limited the same way,
  and links to other regions that it cannot see (a provider contracted in several regions) are
  kept when it saves.
- Anyone else (even with is_staff set) cannot open the admin.
"""

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet

from bwmo.accounts.constants import Role
from bwmo.accounts.models import User

# How each model reaches its region (a lookup that compares with a Region id).
REGION_LOOKUPS: dict[str, str] = {
    "regions.region": "pk",
    "regions.municipality": "region_id",
    "regions.product": "region_id",
    "regions.tariff": "product__region_id",
    "regions.regionruleset": "region_id",
    "regions.housingassociation": "municipalities__region_id",
    "capacity.provider": "regions",
    "capacity.location": "municipality__region_id",
    "capacity.placecapacity": "location__municipality__region_id",
    "accounts.organisation": "region_id",
    "accounts.user": "organisation__region_id",
    "audit.accesslogentry": "user__organisation__region_id",
    "housing.transferpointsettings": "region_id",
    "housing.neighbourhood": "municipality__region_id",
}


def is_platform_admin(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def is_region_admin(user: Any) -> bool:
    return bool(
        user.is_authenticated and user.is_active and user.is_staff
        and user.role == Role.FUNCTIONEEL_BEHEER and user.organisation_id
    )


def may_use_admin(user: Any) -> bool:
    return is_platform_admin(user) or is_region_admin(user)


def region_scoped(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
    """The part of `queryset` this admin user may see."""
    if is_platform_admin(user):
        return queryset
    lookup = REGION_LOOKUPS.get(queryset.model._meta.label_lower)
    if lookup is None or not is_region_admin(user):
        return queryset.none()
    region_id = user.organisation.region_id
    scoped = queryset.filter(**{lookup: region_id})
    # A lookup through a many-to-many relation can repeat rows.
    return scoped.distinct() if lookup.split("__")[0] in _MULTI else scoped


_MULTI = frozenset({"regions", "municipalities"})


class RegionScopedAdmin(admin.ModelAdmin):
    """Base for every admin of region data."""

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return region_scoped(super().get_queryset(request), request.user)

    def has_module_permission(self, request):  # type: ignore[no-untyped-def]
        return may_use_admin(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return self._in_scope(request, obj) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return self._in_scope(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return self._in_scope(request, obj) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request, *args):  # type: ignore[no-untyped-def]
        return may_use_admin(request.user) and super().has_add_permission(request, *args)

    def _in_scope(self, request, obj: Model | None) -> bool:  # type: ignore[no-untyped-def]
        if not may_use_admin(request.user):
            return False
        if obj is None or is_platform_admin(request.user):
            return True
        return region_scoped(type(obj)._default_manager.filter(pk=obj.pk), request.user).exists()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        if db_field.related_model._meta.label_lower in REGION_LOOKUPS:
            kwargs["queryset"] = region_scoped(
                db_field.related_model._default_manager.all(), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        if db_field.related_model._meta.label_lower in REGION_LOOKUPS:
            kwargs["queryset"] = region_scoped(
                db_field.related_model._default_manager.all(), request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):  # type: ignore[no-untyped-def]
        """Keep many-to-many links the user cannot see (e.g. a provider's other regions)."""
        hidden: dict[str, list[int]] = {}
        if change and not is_platform_admin(request.user):
            for field in form.instance._meta.many_to_many:
                if field.name in form.fields and field.related_model._meta.label_lower in REGION_LOOKUPS:
                    linked = getattr(form.instance, field.name).all()
                    visible = region_scoped(linked, request.user).values_list("pk", flat=True)
                    hidden[field.name] = list(linked.exclude(pk__in=list(visible))
                                              .values_list("pk", flat=True))
        super().save_related(request, form, formsets, change)
        for name, pks in hidden.items():
            if pks:
                getattr(form.instance, name).add(*pks)


class RegionScopedInline:
    """Mixin for inlines: rows and choices limited to the user's region."""

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return region_scoped(super().get_queryset(request), request.user)  # type: ignore[misc]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        if db_field.related_model._meta.label_lower in REGION_LOOKUPS:
            kwargs["queryset"] = region_scoped(
                db_field.related_model._default_manager.all(), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


def admin_site_has_permission(request) -> bool:  # type: ignore[no-untyped-def]
    """Replaces AdminSite.has_permission: staff status alone is not enough."""
    return may_use_admin(request.user)


def user_admin_scope(queryset: QuerySet[User], user: Any) -> QuerySet[User]:
    """Users a region's beheer may manage: its region's users without staff or superuser
    rights, and itself. Other beheerders, the privacy officer's colleagues with staff rights and
    platform administrators are out of reach."""
    scoped = region_scoped(queryset, user)
    if is_platform_admin(user):
        return scoped
    from django.db.models import Q

    return scoped.filter(Q(is_superuser=False, is_staff=False) | Q(pk=user.pk))
