from django.contrib import admin

from .models import FollowUpSettings


@admin.register(FollowUpSettings)
class FollowUpSettingsAdmin(admin.ModelAdmin):
    list_display = ("region", "herindicatie_signal_weeks", "review_interval_months")
