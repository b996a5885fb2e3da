from django.contrib import admin

from guanai.areas.models import Area


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "kind", "parent", "edition", "started_on", "ended_on")
    list_filter = ("level", "kind", "edition")
    search_fields = ("code", "name")
    readonly_fields = ("created_at", "updated_at")
    raw_id_fields = ("parent",)
    list_per_page = 50
