from django.contrib import admin

from guanai.workforce.models import VacancyRule


@admin.register(VacancyRule)
class VacancyRuleAdmin(admin.ModelAdmin):
    list_display = ("area", "max_vacant_days", "effective_from", "effective_to")
    raw_id_fields = ("area",)
