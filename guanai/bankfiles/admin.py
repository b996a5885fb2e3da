from django.contrib import admin

from guanai.bankfiles.models import BankFileTemplate


@admin.register(BankFileTemplate)
class BankFileTemplateAdmin(admin.ModelAdmin):
    list_display = ("area", "bank_name", "columns", "updated_at")
    raw_id_fields = ("area",)
