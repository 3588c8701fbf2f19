from django.contrib import admin

from .models import PublishedSnapshot


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
