"""Admin for the tables an administrator keeps: the working-day calendar (updated each December from
the State Council's notice) and the deadlines. Cases themselves are worked on their own pages."""

from django.contrib import admin

from guanai.audit.admin import RecordedAdmin
from guanai.cases.models import DeadlineRule, WorkdayAdjustment


@admin.register(WorkdayAdjustment)
class WorkdayAdjustmentAdmin(RecordedAdmin):
    list_display = ("day", "kind", "name", "source")
    list_filter = ("kind",)
    date_hierarchy = "day"
    search_fields = ("name",)


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(RecordedAdmin):
    list_display = ("step", "amount", "unit", "owner_level", "source")
