from django.contrib import admin

from .models import Publication, PublicationImport


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    """Read-only: records come in by import (file, page, API), which checks them and recomputes the stored
    figures; an edit here would leave the figures stale."""

    list_display = ("procedure", "unit", "decision_number", "decision_date", "effective_date", "published_on", "level",
                    "illustrative")
    list_filter = ("level", "illustrative")
    list_select_related = ("procedure", "unit")
    search_fields = ("procedure__code", "decision_number")
    date_hierarchy = "decision_date"
    readonly_fields = [f.name for f in Publication._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PublicationImport)
class PublicationImportAdmin(admin.ModelAdmin):
    list_display = ("filename", "rows", "created", "updated", "unchanged", "imported_by", "imported_at")
    readonly_fields = [f.name for f in PublicationImport._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
