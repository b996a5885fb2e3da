"""Administrators keep programmes, standards, price indices and trigger thresholds here. Rosters and
payments are read-only in the admin: they change only through the services (a locked roster never)."""

from django.contrib import admin

from guanai.audit.admin import ReadOnlyAdmin, RecordedAdmin
from guanai.benefits.models import (
    Enrollment,
    Payment,
    PriceIndex,
    PriceTrigger,
    Programme,
    Roster,
    Standard,
)


@admin.register(Programme)
class ProgrammeAdmin(RecordedAdmin):
    list_display = ("code", "name", "frequency", "active")


@admin.register(Standard)
class StandardAdmin(RecordedAdmin):
    list_display = ("programme", "variant", "min_age", "max_age", "area", "amount_fen", "effective_from",
                    "effective_to")
    list_filter = ("programme", "variant")
    raw_id_fields = ("area",)


@admin.register(PriceIndex)
class PriceIndexAdmin(RecordedAdmin):
    list_display = ("month", "area", "cpi_yoy", "food_cpi_yoy", "published_on")
    raw_id_fields = ("area",)


@admin.register(PriceTrigger)
class PriceTriggerAdmin(RecordedAdmin):
    list_display = ("area", "cpi_threshold", "food_cpi_threshold", "effective_from", "effective_to")
    raw_id_fields = ("area",)


@admin.register(Enrollment)
class EnrollmentAdmin(ReadOnlyAdmin):
    list_display = ("pk", "programme", "area", "status", "starts_on", "ends_on")
    list_filter = ("programme", "status")
    exclude = ("bank_account_cipher",)


@admin.register(Roster)
class RosterAdmin(ReadOnlyAdmin):
    list_display = ("pk", "programme", "area", "month", "status", "line_count", "total_fen")
    list_filter = ("programme", "status")


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ("pk", "roster", "area", "month", "kind", "amount_fen")
    list_select_related = ("roster__programme",)
