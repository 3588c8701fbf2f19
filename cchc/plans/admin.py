from django.contrib import admin

from .models import Plan, PlanArea, Target, Task, Threshold


class AreaInline(admin.TabularInline):
    model = PlanArea
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("code", "document_number", "year", "province", "transcription", "illustrative")
    list_filter = ("year", "transcription", "illustrative")
    search_fields = ("code", "title", "document_number")
    inlines = [AreaInline]


class ThresholdInline(admin.TabularInline):
    model = Threshold
    extra = 0


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ("code", "plan", "measure", "kpi_code", "comparator")
    list_filter = ("plan", "measure")
    search_fields = ("code", "text")
    inlines = [ThresholdInline]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("code", "plan", "area", "deadline")
    list_filter = ("plan",)
    search_fields = ("code", "title")
    filter_horizontal = ("lead_units", "cooperating_units", "targets")
