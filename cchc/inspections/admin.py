from django.contrib import admin

from .models import Finding, Inspection, InspectionPlan, PlanUnit, RemediationItem


class ReadOnly(admin.ModelAdmin):
    """Read-only: plans, inspections and remediation move only through their use cases
    (cchc.inspections.services and records), where the rules, the recorded KPIs and the audit trail are."""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InspectionPlan)
class InspectionPlanAdmin(ReadOnly):
    list_display = ("year", "block", "province", "share", "seed", "status", "drawn_at")
    list_filter = ("year", "block", "status")


@admin.register(PlanUnit)
class PlanUnitAdmin(ReadOnly):
    list_display = ("plan", "unit", "chosen_by", "risk_score", "withdrawn")
    list_filter = ("chosen_by", "withdrawn", "plan__year")
    list_select_related = ("plan", "unit")


@admin.register(Inspection)
class InspectionAdmin(ReadOnly):
    list_display = ("plan_unit", "mode", "held_on", "status")
    list_filter = ("status", "mode")
    list_select_related = ("plan_unit__plan", "plan_unit__unit")


@admin.register(Finding)
class FindingAdmin(ReadOnly):
    list_display = ("inspection", "area", "severity", "found_on")
    list_filter = ("area", "severity")


@admin.register(RemediationItem)
class RemediationItemAdmin(ReadOnly):
    list_display = ("owner", "finding", "deadline", "status", "closed_at")
    list_filter = ("status",)
    list_select_related = ("owner", "finding")
