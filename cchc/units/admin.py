from django.contrib import admin

from .models import Unit, UnitAlias, UnitLink


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 0
    fields = ("source_system", "code", "name", "valid_from", "valid_to", "source")


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "block", "parent", "valid_from", "valid_to")
    list_filter = ("kind", "block", "level")
    search_fields = ("name", "code", "key")
    autocomplete_fields = ("parent", "province")
    inlines = (UnitAliasInline,)


@admin.register(UnitLink)
class UnitLinkAdmin(admin.ModelAdmin):
    list_display = ("predecessor", "successor", "kind", "effective_date")
    list_filter = ("kind",)
    search_fields = ("predecessor__name", "successor__name", "source")
    autocomplete_fields = ("predecessor", "successor")


@admin.register(UnitAlias)
class UnitAliasAdmin(admin.ModelAdmin):
    list_display = ("source_system", "code", "name", "unit", "valid_from", "valid_to")
    list_filter = ("source_system",)
    search_fields = ("code", "name", "unit__name", "unit__code")
    autocomplete_fields = ("unit",)
