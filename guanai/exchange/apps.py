from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ExchangeConfig(AppConfig):
    name = "guanai.exchange"
    label = "exchange"
    verbose_name = _("数据导入导出")

    def ready(self) -> None:
        from guanai.audit.verbs import verb_family_register, verbs_register
        from guanai.core.jobs import stale_jobs_register
        from guanai.exchange.models import ImportStatus
        from guanai.exchange.runs import import_jobs_interrupted

        stale_jobs_register("exchange.ImportJob", import_jobs_interrupted)

        verbs_register({
            "import_job_created": pgettext_lazy("audit event", "新建导入任务"),
            "import_job_mapped": pgettext_lazy("audit event", "确认导入表头"),
        })
        verb_family_register("import_job_", pgettext_lazy("audit event", "导入任务"), ImportStatus)
