from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class WorkforceConfig(AppConfig):
    name = "guanai.workforce"
    label = "workforce"
    verbose_name = _("工作队伍")

    def ready(self) -> None:
        from guanai.audit.verbs import verbs_register

        verbs_register({
            "post_created": pgettext_lazy("audit event", "设立岗位"),
            "post_holder_appointed": pgettext_lazy("audit event", "岗位任职"),
            "post_holder_updated": pgettext_lazy("audit event", "修改任职信息"),
            "post_holder_ended": pgettext_lazy("audit event", "岗位离任"),
            "workforce_imported": pgettext_lazy("audit event", "导入工作队伍名册"),
        })
