from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from guanai.accounts.models import ApiToken, User
from guanai.accounts.roles import ROLE_LEVEL
from guanai.accounts.services import api_token_create, api_tokens_revoke, user_changed_in_admin
from guanai.accounts.twofactor import WRONG_CODE, Verdict, two_factor_device, two_factor_reset, two_factor_verify
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
    actions = ["reset_two_factor"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        user_changed_in_admin(actor=request.user, user=obj, changed=form.changed_data, created=not change)
        if (expected := ROLE_LEVEL.get(obj.role)) and obj.area and obj.area.level != expected:
            messages.warning(request, _("注意：该角色通常绑定到“%(level)s”级区划，当前绑定的是“%(area)s”。") % {
                "level": Level(expected).label, "area": obj.area.name})

    @admin.action(description=_("重置两步验证（手机丢失或更换时）"))
    def reset_two_factor(self, request, queryset):
        for user in queryset:
            two_factor_reset(actor=request.user, user=user)
        messages.success(request, _("已重置 %(n)s 个用户的两步验证；他们下次登录时重新设置。") % {"n": len(queryset)})


class ApiTokenAddForm(forms.ModelForm):
    """Making a token asks the maker for a code from their own authenticator app: a token signs in
    without a password or a second factor, so it is made only by someone who has just shown both."""

    otp_code = forms.CharField(label=_("您的两步验证码"), max_length=20,
                               help_text=_("生成令牌需要输入您本人手机身份验证器中的 6 位验证码。"))
    actor = None  # the signed-in administrator, set by ApiTokenAdmin.get_form

    class Meta:
        model = ApiToken
        fields = ("user", "name", "area", "resources", "can_write", "rate_per_minute")

    def clean_otp_code(self) -> str:
        code = self.cleaned_data["otp_code"]
        if two_factor_device(self.actor) is None:
            raise forms.ValidationError(_("生成接口令牌前，请先为您自己的账号开启两步验证（页面右上角“两步验证”）。"))
        if two_factor_verify(user=self.actor, code=code) is not Verdict.TOTP:
            raise forms.ValidationError(WRONG_CODE)
        return code


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
        return ("user", "name", *purpose, "otp_code") if obj is None else (
            "user", "name", *purpose, "prefix", "created_at", "last_used_at", "revoked_at")

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = type("ApiTokenAddFormFor", (ApiTokenAddForm,), {"actor": request.user})
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
