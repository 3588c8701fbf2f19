from django.contrib import admin

from .models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read only: notices are made by cchc.notices.services.notify (the producers), read by their person."""

    list_display = ("user", "kind", "title", "created_at", "read_at", "email_digest", "emailed_at")
    list_filter = ("kind", "email_digest")
    search_fields = ("user__username", "title")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "channel", "frequency")
    list_filter = ("kind", "channel", "frequency")
    search_fields = ("user__username",)
