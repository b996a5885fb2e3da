"""The administrator edits the rules (visit frequency, alert thresholds), providers and contracts here.
Visit records, needs and alerts are read-only in the admin: they change only through the services."""

from django.contrib import admin

from guanai.audit.admin import ReadOnlyAdmin, RecordedAdmin
from guanai.visits.models import (
    Alert,
    AlertRule,
    Device,
    MajorEvent,
    ServiceContract,
    ServiceProvider,
    VisitRecord,
    VisitRule,
)


@admin.register(VisitRule)
class VisitRuleAdmin(RecordedAdmin):
    list_display = ("risk_level", "area", "interval_days", "home_interval_days", "event_due_hours",
                    "effective_from", "effective_to")
    list_filter = ("risk_level",)
    raw_id_fields = ("area",)


@admin.register(AlertRule)
class AlertRuleAdmin(RecordedAdmin):
    list_display = ("signal", "area", "threshold", "window_hours", "sla_hours", "effective_from", "effective_to")
    list_filter = ("signal",)
    raw_id_fields = ("area",)


class ContractInline(admin.TabularInline):
    model = ServiceContract
    extra = 0
    raw_id_fields = ("area",)


@admin.register(ServiceProvider)
class ServiceProviderAdmin(admin.ModelAdmin):
    list_display = ("name", "area", "contact_name", "phone")
    search_fields = ("name",)
    raw_id_fields = ("area",)
    filter_horizontal = ("workers",)
    inlines = [ContractInline]


@admin.register(ServiceContract)
class ServiceContractAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "provider", "area", "starts_on", "ends_on", "amount_fen")
    raw_id_fields = ("area",)


@admin.register(Device)
class DeviceAdmin(admin.ModelAdmin):
    list_display = ("serial", "kind", "person", "area", "bound_on", "unbound_on")
    search_fields = ("serial",)
    raw_id_fields = ("person", "area")


@admin.register(VisitRecord)
class VisitRecordAdmin(ReadOnlyAdmin):
    list_display = ("pk", "person", "area", "method", "visited_at", "version", "is_current")
    list_filter = ("method", "is_current")
    date_hierarchy = "visited_on"
    show_full_result_count = False


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ("pk", "person", "signal", "status", "raised_at", "due_by", "event_count", "answered_at")
    list_filter = ("signal", "status")


@admin.register(MajorEvent)
class MajorEventAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "area", "starts_at", "ends_at", "people_due")
