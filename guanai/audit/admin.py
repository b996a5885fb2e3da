from django.contrib import admin

from guanai.audit.models import AccessLog, Event


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ("at", "user", "action", "object_type", "object_id", "area_code", "ip_address")
    list_filter = ("action", "object_type")
    search_fields = ("object_id", "area_code", "user__username", "reason")
    date_hierarchy = "at"


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor", "verb", "object_type", "object_id", "area_code")
    list_filter = ("verb", "object_type")
    search_fields = ("object_id", "area_code", "actor__username")
    date_hierarchy = "at"
