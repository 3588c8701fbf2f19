from django.contrib import admin

from .models import CorrectiveAction


@admin.register(CorrectiveAction)
class CorrectiveActionAdmin(admin.ModelAdmin):
    """Read-only: an action is required by the detection and moves only through its use cases
    (cchc.corrective.services: the unit answers, the PAR officer confirms or returns), where the rules and
    the audit trail are."""

    list_display = ("target", "unit", "first_period_end", "last_period_end", "state", "due_date", "updated_at")
    list_filter = ("state", "target__plan")
    list_select_related = ("target", "unit")
    search_fields = ("unit__name", "target__code")
    date_hierarchy = "last_period_end"
    readonly_fields = [f.name for f in CorrectiveAction._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
