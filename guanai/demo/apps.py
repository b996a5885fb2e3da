from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DemoConfig(AppConfig):
    name = "guanai.demo"
    label = "demo"
    verbose_name = _("演示数据")

    def ready(self) -> None:
        from guanai.audit.verbs import verbs_register

        verbs_register({
            "demo_staff_network_created": pgettext_lazy("audit event", "生成演示人员网络"),
            "demo_loaded": pgettext_lazy("audit event", "载入演示服务对象"),
            "demo_visits_loaded": pgettext_lazy("audit event", "载入演示探访"),
            "demo_cases_loaded": pgettext_lazy("audit event", "载入演示个案"),
            "demo_benefits_loaded": pgettext_lazy("audit event", "载入演示补贴发放"),
            "demo_facilities_loaded": pgettext_lazy("audit event", "载入演示设施、队伍和项目"),
            "demo_county_officers_created": pgettext_lazy("audit event", "生成演示县级经办人员"),
            "demo_longevity_loaded": pgettext_lazy("audit event", "载入演示高龄津贴发放"),
        })
