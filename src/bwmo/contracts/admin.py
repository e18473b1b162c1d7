"""Functioneel beheer sets up the region's keurmerk requirements and contract settings here; the
contracts themselves are kept by the contract managers in the contract screens."""

from django.contrib import admin

from .models import ContractSettings, KeurmerkRequirement


@admin.register(KeurmerkRequirement)
class KeurmerkRequirementAdmin(admin.ModelAdmin):
    list_display = ["title", "region", "order", "active"]
    list_filter = ["region", "active"]
    search_fields = ["title"]


@admin.register(ContractSettings)
class ContractSettingsAdmin(admin.ModelAdmin):
    list_display = ["region", "required_from", "notice_months", "warn_days", "experience_min_respondents"]
