from django.contrib import admin

from .models import ReportingPeriod, UnitReport


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    """Read-only: periods are opened and closed on the reporting pages, where the rules are checked."""

    list_display = ("__str__", "kind", "year", "deadline", "state", "opened_by", "opened_at")
    list_filter = ("kind", "year", "state")
    readonly_fields = [f.name for f in ReportingPeriod._meta.fields] + ["units"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(UnitReport)
class UnitReportAdmin(admin.ModelAdmin):
    """Read-only: a report moves only through its workflow (cchc.reporting.services)."""

    list_display = ("unit", "period", "version", "state", "is_current", "submitted_at", "approved_at")
    list_filter = ("state", "period")
    search_fields = ("unit__name",)
    readonly_fields = [f.name for f in UnitReport._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
