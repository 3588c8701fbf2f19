from django.contrib import admin

from .models import Unit, UnitLink


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "parent", "valid_from", "valid_to")
    list_filter = ("kind", "level")
    search_fields = ("name", "code", "key")
    autocomplete_fields = ("parent", "province")


@admin.register(UnitLink)
class UnitLinkAdmin(admin.ModelAdmin):
    list_display = ("predecessor", "successor", "kind", "effective_date")
    list_filter = ("kind",)
    search_fields = ("predecessor__name", "successor__name")
    autocomplete_fields = ("predecessor", "successor")
