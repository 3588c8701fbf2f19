from django.contrib import admin

from .models import Petition, PetitionImport


@admin.register(Petition)
class PetitionAdmin(admin.ModelAdmin):
    """Read only: a petition's verdicts are decided on import (a hand edit would leave its figures behind)."""

    list_display = ("code", "unit", "received_on", "action", "acted_on", "due_on", "on_time", "satisfied",
                    "illustrative")
    list_filter = ("on_time", "satisfied", "illustrative", "topic")
    search_fields = ("code", "title", "dossier_code")
    readonly_fields = [f.name for f in Petition._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PetitionImport)
class PetitionImportAdmin(admin.ModelAdmin):
    list_display = ("imported_at", "source", "user", "rows", "created", "updated")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
