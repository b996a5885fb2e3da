from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FieldworkConfig(AppConfig):
    name = "guanai.fieldwork"
    label = "fieldwork"
    verbose_name = _("离线探访")

    def ready(self) -> None:
        from guanai.audit.verbs import verbs_register

        verbs_register({
            "field_prepared": pgettext_lazy("audit event", "准备离线探访"),
            "field_visit_synced": pgettext_lazy("audit event", "同步离线探访"),
            "field_device_revoked": pgettext_lazy("audit event", "停用离线设备"),
            "field_flag_reviewed": pgettext_lazy("audit event", "核对离线探访"),
        })
