from django.contrib import admin

from .models import Apology, Dossier, DossierTransfer, HolidayOverride, ImportJob, Procedure, TransferSource
from .transfers import apply_transfers, remove_transfer


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "field", "time_limit", "time_limit_kind", "online_level", "has_fee")
    list_filter = ("online_level", "time_limit_kind", "has_fee")
    search_fields = ("code", "name", "field")


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(admin.ModelAdmin):
    """The province's own changes to the national calendar (extra days off, Saturdays worked)."""

    list_display = ("day", "is_working_day", "reason")
    list_filter = ("is_working_day",)


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    """Dossiers come from the one-stop systems; here they are only looked up, never edited."""

    list_display = ("code", "source_system", "unit", "receiving_unit", "status", "received_at", "due_at", "finished_at")
    list_filter = ("status", "channel", "source_system")
    search_fields = ("code", "receipt_number")
    raw_id_fields = ("unit", "receiving_unit", "prior_unit", "procedure")
    show_full_result_count = False

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Apology)
class ApologyAdmin(admin.ModelAdmin):
    list_display = ("dossier", "seq", "number", "issued_at", "new_due_at", "compliant")
    list_filter = ("compliant",)
    raw_id_fields = ("dossier",)


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("filename", "source_system", "state", "created_by", "created_at")
    list_filter = ("state",)


@admin.register(DossierTransfer)
class DossierTransferAdmin(admin.ModelAdmin):
    """Transfers of dossiers between competent units (cchc.dossiers.transfers). An officer corrects one the
    lineage got wrong (another unit took over the work), records one, or deletes one made by mistake; the
    dossier's unit follows, and the change is in the audit trail."""

    list_display = ("dossier", "from_unit", "to_unit", "at", "source", "created_by")
    list_filter = ("source",)
    search_fields = ("dossier__code",)
    raw_id_fields = ("dossier", "from_unit", "to_unit")
    readonly_fields = ("source", "created_by", "created_at")

    def get_readonly_fields(self, request, obj=None):
        # A transfer stays with its dossier: moving it to another would leave the first one's unit behind.
        return (*self.readonly_fields, "dossier") if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.source = TransferSource.OFFICER
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        apply_transfers(obj.dossier)

    def delete_model(self, request, obj):
        remove_transfer(obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset.order_by("-at"):
            remove_transfer(obj)
