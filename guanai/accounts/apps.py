from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AccountsConfig(AppConfig):
    name = "guanai.accounts"
    label = "accounts"
    verbose_name = _("用户与角色")

    def ready(self) -> None:
        from guanai.audit.verbs import verbs_register

        verbs_register({
            "user_created": pgettext_lazy("audit event", "新建用户"),
            "user_changed": pgettext_lazy("audit event", "修改用户"),
            "api_token_created": pgettext_lazy("audit event", "新建接口令牌"),
            "api_token_revoked": pgettext_lazy("audit event", "吊销接口令牌"),
        })
