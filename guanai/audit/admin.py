from django.contrib import admin
from django.db import transaction

from guanai.audit.models import AccessLog, Event
from guanai.audit.services import admin_edit_record


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


class RecordedAdmin(admin.ModelAdmin):
    """For the rule and money tables (standards, price triggers, visit and alert rules, deadline rules,
    workdays, rule parameters): every add, change and delete in the admin is an event with the fields
    changed, before and after, in the admin's own transaction."""

    def save_model(self, request, obj, form, change):
        before = {name: form.initial.get(name) for name in form.changed_data} if change else {}
        super().save_model(request, obj, form, change)
        changes = {name: [before.get(name), form.cleaned_data.get(name)] for name in form.changed_data}
        admin_edit_record(actor=request.user, obj=obj, action="changed" if change else "created", changes=changes)

    def delete_model(self, request, obj):
        with transaction.atomic():
            admin_edit_record(actor=request.user, obj=obj, action="deleted", changes={})
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                admin_edit_record(actor=request.user, obj=obj, action="deleted", changes={})
            super().delete_queryset(request, queryset)
