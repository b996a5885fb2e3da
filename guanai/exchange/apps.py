from django.apps import AppConfig
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ExchangeConfig(AppConfig):
    name = "guanai.exchange"
    label = "exchange"
    verbose_name = _("数据导入导出")

    def ready(self) -> None:
        from guanai.audit.verbs import verb_family_register

        verb_family_register("import_job_", _import_job_label)


def _import_job_label(status: str):
    from guanai.exchange.models import ImportStatus

    if status == "created":
        return pgettext_lazy("audit event", "新建导入任务")
    if status == "mapped":
        return pgettext_lazy("audit event", "确认导入表头")
    if status in ImportStatus.values:
        return format_lazy("{}：{}", pgettext_lazy("audit event", "导入任务"), ImportStatus(status).label)
    return None
