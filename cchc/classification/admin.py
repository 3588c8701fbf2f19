from django.contrib import admin

from .models import Proposal, Reminder


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """Read-only: reminders are recorded on the site (cchc.classification.services.record_reminder), audited."""

    list_display = ("unit", "on", "about", "document", "recorded_by", "recorded_at")
    list_filter = ("about",)
    search_fields = ("unit__name", "text", "document")
    date_hierarchy = "on"
    readonly_fields = [f.name for f in Reminder._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    """Read-only: proposals are computed by the rules and confirmed on the site, where the audit trail is."""

    list_display = ("unit", "year", "block", "version", "proposed_level", "confirmed_level", "confirmed_at")
    list_filter = ("year", "block", "proposed_level", "confirmed_level")
    search_fields = ("unit__name",)
    readonly_fields = [f.name for f in Proposal._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
