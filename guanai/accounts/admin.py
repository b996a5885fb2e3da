from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from guanai.accounts.models import ApiToken, User
from guanai.accounts.roles import ROLE_LEVEL
from guanai.accounts.services import api_token_create, api_tokens_revoke, user_changed_in_admin
from guanai.areas.models import Level


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "role", "area", "phone", "is_active", "last_login")
    list_filter = ("role", "is_active", "area__level")
    search_fields = ("username", "full_name", "phone", "area__name", "area__code")
    autocomplete_fields = ("area",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("身份与范围"), {"fields": ("full_name", "phone", "role", "area")}),
        (_("状态"), {"fields": ("is_active", "is_staff", "is_superuser", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "full_name", "role", "area", "password1", "password2")}),
    )
    readonly_fields = ("last_login", "date_joined")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        user_changed_in_admin(actor=request.user, user=obj, changed=form.changed_data, created=not change)
        if (expected := ROLE_LEVEL.get(obj.role)) and obj.area and obj.area.level != expected:
            messages.warning(request, _("注意：该角色通常绑定到“%(level)s”级区划，当前绑定的是“%(area)s”。") % {
                "level": Level(expected).label, "area": obj.area.name})


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made by the service, which shows the key once; the admin never edits a key."""

    list_display = ("name", "user", "area", "can_write", "rate_per_minute", "prefix", "last_used_at", "revoked_at")
    raw_id_fields = ("area",)
    search_fields = ("name", "user__username")
    autocomplete_fields = ("user",)
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        purpose = ("area", "resources", "can_write", "rate_per_minute")
        return ("user", "name", *purpose) if obj is None else ("user", "name", *purpose, "prefix", "created_at",
                                                               "last_used_at", "revoked_at")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "rate_per_minute" in form.base_fields:  # left empty: the default rate
            form.base_fields["rate_per_minute"].required = False
        return form

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("user", "area", "resources", "can_write", "rate_per_minute", "prefix",
                                       "created_at", "last_used_at", "revoked_at")

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        area = data.get("area")
        token, key = api_token_create(user=data["user"], name=data["name"], area_code=area.pk if area else None,
                                      resources=data.get("resources") or [], can_write=data.get("can_write", False),
                                      rate_per_minute=data.get("rate_per_minute") or 60)
        obj.pk = token.pk
        messages.warning(request, _("接口令牌已生成，请立即复制保存，它不会再次显示：%(key)s") % {"key": key})

    @admin.action(description=_("吊销所选令牌"))
    def revoke(self, request, queryset):
        api_tokens_revoke(tokens=queryset, actor=request.user)
