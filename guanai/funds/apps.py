from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FundsConfig(AppConfig):
    name = "guanai.funds"
    label = "funds"
    verbose_name = _("项目与资金")

    def ready(self) -> None:
        from guanai.audit.verbs import verbs_register

        verbs_register({
            "project_created": pgettext_lazy("audit event", "登记项目"),
            "project_progressed": pgettext_lazy("audit event", "更新项目进度"),
            "allocation_plan_computed": pgettext_lazy("audit event", "测算资金分配方案"),
            "allocation_plan_locked": pgettext_lazy("audit event", "锁定资金分配方案"),
        })
