from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AccountsConfig(AppConfig):
    name = "guanai.accounts"
    label = "accounts"
    verbose_name = _("用户与角色")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from guanai.accounts.middleware import session_on_login
        from guanai.audit.verbs import verbs_register

        user_logged_in.connect(session_on_login, dispatch_uid="guanai_two_factor_session")

        verbs_register({
            "user_created": pgettext_lazy("audit event", "新建用户"),
            "user_changed": pgettext_lazy("audit event", "修改用户"),
            "api_token_created": pgettext_lazy("audit event", "新建接口令牌"),
            "api_token_revoked": pgettext_lazy("audit event", "吊销接口令牌"),
            "two_factor_enabled": pgettext_lazy("audit event", "启用两步验证"),
            "two_factor_disabled": pgettext_lazy("audit event", "关闭两步验证"),
            "two_factor_reset": pgettext_lazy("audit event", "重置两步验证"),
            "two_factor_locked": pgettext_lazy("audit event", "两步验证连续失败被锁定"),
            "two_factor_recovery_used": pgettext_lazy("audit event", "使用恢复码登录"),
            "two_factor_codes_renewed": pgettext_lazy("audit event", "重新生成恢复码"),
        })
