from django.contrib import admin

from .models import PortalDossierList, PublishedSnapshot


@admin.register(PublishedSnapshot)
class PublishedSnapshotAdmin(admin.ModelAdmin):
    """Read-only: published figures are the portal's, imported from its answers (cchc portal766 import, the
    upload page); a wrong import is deleted here and the file imported again."""

    list_display = ("file_name", "run_date", "period_label", "shape", "imported_at", "imported_by")
    list_filter = ("shape", "period_kind")
    date_hierarchy = "run_date"
    readonly_fields = [f.name for f in PublishedSnapshot._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PortalDossierList)
class PortalDossierListAdmin(admin.ModelAdmin):
    """Read-only: a list is the portal's, imported from a file (cchc portal766 import-lists, the page, the API);
    a wrong one is deleted here or replaced by importing the list of the same unit, period and indicator."""

    list_display = ("unit", "period_kind", "period_start", "indicator", "file_name", "illustrative", "imported_at")
    list_filter = ("indicator", "period_kind", "illustrative")
    readonly_fields = [f.name for f in PortalDossierList._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
