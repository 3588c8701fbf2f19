from django.contrib import admin

from .models import Area, Component, Criterion, IndexVersion


class _ReadOnly(admin.ModelAdmin):
    """Read-only: a version's structure is imported from a file (cchc.parindex.structure, validated, all or
    nothing, audited) and scores are written by the services; editing here would bypass the checks."""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IndexVersion)
class IndexVersionAdmin(_ReadOnly):
    list_display = ("code", "name", "year", "block", "issuer", "decision", "status", "illustrative")
    list_filter = ("year", "block", "status", "illustrative")
    search_fields = ("code", "name", "decision")


@admin.register(Area)
class AreaAdmin(_ReadOnly):
    list_display = ("version", "code", "name", "max_points", "applies_to")
    list_filter = ("version",)


@admin.register(Criterion)
class CriterionAdmin(_ReadOnly):
    list_display = ("area", "code", "name", "max_points")
    list_filter = ("area__version",)


@admin.register(Component)
class ComponentAdmin(_ReadOnly):
    list_display = ("criterion", "code", "name", "max_points", "method", "applies_to")
    list_filter = ("criterion__area__version", "method", "applies_to")
    search_fields = ("code", "name")
