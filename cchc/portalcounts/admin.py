from django.contrib import admin

from .models import PortalCount


@admin.register(PortalCount)
class PortalCountAdmin(admin.ModelAdmin):
    """Read in the admin; figures are taken in by file, page or API (validated, audited), not typed here."""

    list_display = ("unit", "period_kind", "period_start", "indicator", "numerator", "denominator", "source",
                    "illustrative", "imported_at")
    list_filter = ("period_kind", "indicator", "illustrative", "channel")
    search_fields = ("unit__name", "unit__code", "source")
    raw_id_fields = ("unit", "imported_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
