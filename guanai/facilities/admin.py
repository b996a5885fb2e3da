"""Admin for the formula rows (kinds, rating schemes with items and bands, subsidy rates): data a
county administrator keeps, RULES.md "every threshold is a configurable default"."""

from django.contrib import admin

from guanai.facilities.models import FacilityKind, RatingBand, RatingScheme, ScoreItem, SubsidyRate


@admin.register(FacilityKind)
class FacilityKindAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "group", "coverage_level", "rated", "care_institution", "order")


class ScoreItemInline(admin.TabularInline):
    model = ScoreItem
    extra = 0


class RatingBandInline(admin.TabularInline):
    model = RatingBand
    extra = 0


@admin.register(RatingScheme)
class RatingSchemeAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "area", "valid_years", "effective_from", "effective_to")
    inlines = [ScoreItemInline, RatingBandInline]
    raw_id_fields = ("area",)


@admin.register(SubsidyRate)
class SubsidyRateAdmin(admin.ModelAdmin):
    list_display = ("payout_kind", "kind", "area", "stars", "annual_fen", "min_days_open", "effective_from",
                    "effective_to")
    list_filter = ("payout_kind", "kind")
    raw_id_fields = ("area",)
