"""The registry in Django's admin: read-only and scoped, with history.

Every write to people goes through services.py (name keys, events, the rules), so the admin only
looks; opening a person is written to the access log like any other view. ID numbers appear masked.
"""

from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from guanai.accounts.scoping import scope_for, scoped
from guanai.audit.admin import RecordedAdmin
from guanai.audit.models import AccessAction
from guanai.audit.services import access_log_write, client_ip, event_record
from guanai.people.models import (
    CategorySpell,
    ChoiceWord,
    Household,
    Person,
    Relationship,
    RuleParameter,
    TransferRequest,
)
from guanai.people.parameters import PARAMETERS
from guanai.people.tasks import categories_recompute_area


class RegistryAdminMixin:
    """View only, and only the rows the staff user's area holds."""

    area_field = "area"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), scope=scope_for(request.user), area_field=self.area_field)


@admin.register(Person)
class PersonAdmin(RegistryAdminMixin, SimpleHistoryAdmin):
    list_display = ("name", "id_number_masked", "sex", "birth_date", "area", "risk_level", "updated_at")
    list_filter = ("sex", "hukou_type", "risk_level", "is_migrant_worker", "dibao", "tekun", "area__level")
    list_select_related = ("area",)
    search_fields = ("name", "phone")
    readonly_fields = ("id_number_masked", "risk_level", "created_at", "updated_at")
    exclude = ("id_number_cipher", "id_number_digest")
    history_list_display = ("name", "phone", "risk_level")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        person = self.get_queryset(request).filter(pk=object_id).first()
        if person is not None:
            access_log_write(user=request.user, action=AccessAction.VIEW, object_type="person",
                             object_id=str(person.pk), area_code=person.area_id, reason="admin",
                             ip_address=client_ip(request))
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Household)
class HouseholdAdmin(RegistryAdminMixin, SimpleHistoryAdmin):
    list_display = ("__str__", "area", "head", "hukou_type", "updated_at")
    list_filter = ("hukou_type",)
    list_select_related = ("area", "head")
    search_fields = ("address",)


@admin.register(Relationship)
class RelationshipAdmin(RegistryAdminMixin, SimpleHistoryAdmin):
    area_field = "person__area"
    list_display = ("person", "kind", "relative", "started_on", "ended_on")
    list_filter = ("kind",)
    list_select_related = ("person", "relative")
    search_fields = ("person__name", "relative__name")


@admin.register(CategorySpell)
class CategorySpellAdmin(RegistryAdminMixin, admin.ModelAdmin):
    area_field = "area"  # the person's, copied on the spell
    list_display = ("person", "category", "started_on", "ended_on", "source", "reason")
    list_filter = ("category", "source")
    list_select_related = ("person",)
    search_fields = ("person__name", "reason")
    date_hierarchy = "started_on"


@admin.register(TransferRequest)
class TransferRequestAdmin(RegistryAdminMixin, admin.ModelAdmin):
    area_field = "from_area"
    list_display = ("person", "from_area", "to_area", "status", "requested_by", "decided_by", "created_at")
    list_filter = ("status",)
    list_select_related = ("person", "from_area", "to_area", "requested_by", "decided_by")


# Rule parameters (the rules helper's block): RULES.md thresholds as data, edited by administrators.
# Saving one records an event and recomputes, in the background, the categories of the people it covers.
@admin.register(RuleParameter)
class RuleParameterAdmin(RecordedAdmin):
    list_display = ("key", "area", "value", "default", "effective_from", "effective_to", "source")
    list_filter = ("key",)
    search_fields = ("key", "source", "area__code", "area__name")
    raw_id_fields = ("area",)

    @admin.display(description=_("默认值"))
    def default(self, obj):
        parameter = PARAMETERS.get(obj.key)
        return f"{parameter.default!r}（{parameter.source}）" if parameter else "-"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        event_record(actor=request.user, verb="rule_parameter_saved", object_type="rule_parameter",
                     object_id=str(obj.pk), area_code=obj.area_id or "",
                     data={"key": obj.key, "value": obj.value, "effective_from": obj.effective_from.isoformat()})
        transaction.on_commit(lambda: categories_recompute_area(obj.area_id or ""))


# The bureau's words for choice fields (issue 16): administrators keep the list; the import reads it.
@admin.register(ChoiceWord)
class ChoiceWordAdmin(admin.ModelAdmin):
    list_display = ("field", "word", "value", "hint", "created_by", "updated_at")
    list_filter = ("field",)
    search_fields = ("word", "value", "hint")
    readonly_fields = ("created_by", "created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        event_record(actor=request.user, verb="choice_word_saved", object_type="choice_word", object_id=str(obj.pk),
                     data={"field": obj.field, "word": obj.word, "value": obj.value, "hint": obj.hint})
