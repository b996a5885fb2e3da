"""Admin for the resident population figures (常住人口): reference data an administrator may enter for
any area (a province's census figure, which no bureau's login covers). Saving and deleting go through
the services, so the admin writes the same audit events and is held to the same checks as the pages."""

from django.contrib import admin

from guanai.accounts.scoping import scope_for
from guanai.reports import services
from guanai.reports.models import ResidentPopulation


@admin.register(ResidentPopulation)
class ResidentPopulationAdmin(admin.ModelAdmin):
    list_display = ("area", "year", "total", "aged_60_plus", "aged_65_plus", "aged_0_17", "source", "entered_by")
    list_filter = ("year",)
    search_fields = ("area__code", "area__name")
    raw_id_fields = ("area",)
    readonly_fields = ("entered_by", "created_at", "updated_at")

    def get_readonly_fields(self, request, obj=None):
        # A stored figure keeps its area and year: another area or year is another figure.
        return self.readonly_fields + (("area", "year") if obj is not None else ())

    def save_model(self, request, obj, form, change):
        saved = services.resident_population_save(actor=request.user, scope=scope_for(request.user), data=(
            services.PopulationIn(area_code=obj.area_id, year=obj.year, total=obj.total,
                                  aged_60_plus=obj.aged_60_plus, aged_65_plus=obj.aged_65_plus,
                                  aged_0_17=obj.aged_0_17, source=obj.source)))
        obj.pk, obj.entered_by = saved.pk, saved.entered_by

    def delete_model(self, request, obj):
        services.resident_population_delete(actor=request.user, scope=scope_for(request.user), row=obj)

    def delete_queryset(self, request, queryset):
        for row in queryset:
            self.delete_model(request, row)
