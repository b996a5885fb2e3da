"""Administrators keep programmes, standards, price indices and trigger thresholds here, and the
exclusivity table, the price subsidy's cover groups and the statuses people hold (低保, 特困 ...). Every
edit is an audit event (RecordedAdmin); the last three keep every version (django-simple-history) and
are read by the next roster build. Rosters and payments are read-only in the admin: they change only
through the services (a locked roster never)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from guanai.audit.admin import ReadOnlyAdmin, RecordedAdmin
from guanai.benefits.models import (
    Assistance,
    Enrollment,
    Payment,
    PriceCoverGroup,
    PriceIndex,
    PriceTrigger,
    Programme,
    ProgrammeRelation,
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


@admin.register(ProgrammeRelation)
class ProgrammeRelationAdmin(SimpleHistoryAdmin, RecordedAdmin):
    list_display = ("programme", "other", "effect", "area", "effective_from", "effective_to")
    list_filter = ("programme", "effect")
    raw_id_fields = ("area",)
    history_list_display = ("other", "effect", "effective_from", "effective_to")


@admin.register(PriceCoverGroup)
class PriceCoverGroupAdmin(SimpleHistoryAdmin, RecordedAdmin):
    list_display = ("group", "variant", "area", "effective_from", "effective_to")
    list_filter = ("group", "variant")
    raw_id_fields = ("area",)
    history_list_display = ("group", "variant", "effective_from", "effective_to")


@admin.register(Assistance)
class AssistanceAdmin(SimpleHistoryAdmin, RecordedAdmin):
    list_display = ("kind", "person", "household", "area", "monthly_fen", "members", "first_month", "last_month",
                    "origin")
    list_filter = ("kind", "origin")
    raw_id_fields = ("person", "household", "area", "created_by")
    history_list_display = ("monthly_fen", "first_month", "last_month")

    def has_delete_permission(self, request, obj=None):
        # A status is ended (its last month), never deleted: the re-check of locked months reads the
        # rows changed since a month was built (late_facts.py), and a deleted row would leave no trace.
        return False


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
