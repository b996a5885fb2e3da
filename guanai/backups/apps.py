from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BackupsConfig(AppConfig):
    name = "guanai.backups"
    label = "backups"
    verbose_name = _("备份与恢复")

    def ready(self) -> None:
        from guanai.audit.verbs import verbs_register

        verbs_register({
            "backup_created": pgettext_lazy("audit event", "创建备份"),
            "backup_restored": pgettext_lazy("audit event", "从备份恢复"),
            "backups_pruned": pgettext_lazy("audit event", "删除过期备份"),
        })
