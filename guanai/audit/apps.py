from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AuditConfig(AppConfig):
    name = "guanai.audit"
    label = "audit"
    verbose_name = _("审计")

    def ready(self) -> None:
        from guanai.audit.verbs import verbs_register

        verbs_register({
            "admin_created": pgettext_lazy("audit event", "管理后台新增"),
            "admin_changed": pgettext_lazy("audit event", "管理后台修改"),
            "admin_deleted": pgettext_lazy("audit event", "管理后台删除"),
            "audit_pruned": pgettext_lazy("audit event", "删除超过保留期的审计记录"),
        })
