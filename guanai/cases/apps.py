from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CasesConfig(AppConfig):
    name = "guanai.cases"
    label = "cases"
    verbose_name = _("儿童保护个案")

    def ready(self) -> None:
        from guanai.audit.verbs import verb_family_register, verbs_register
        from guanai.cases.rules import Step

        verbs_register({
            "case_reported": pgettext_lazy("audit event", "强制报告受理"),
            "report_police_recorded": pgettext_lazy("audit event", "登记报警及公安机关反馈"),
            "case_assigned": pgettext_lazy("audit event", "分派个案"),
            "case_linked": pgettext_lazy("audit event", "关联个案"),
            "case_deadline_escalated": pgettext_lazy("audit event", "个案超时督办"),
            "joint_meeting_recorded": pgettext_lazy("audit event", "记录联席会议"),
        })
        verb_family_register("case_", pgettext_lazy("audit event", "个案"), Step)
        # The person page's timeline shows the cases the viewer may open (the registry offers the hook).
        from guanai.cases.selectors import timeline_items
        from guanai.people.selectors import timeline_source_register

        timeline_source_register(timeline_items)

        from guanai.accounts.roles import Capability
        from guanai.people.actions import PersonAction, person_action_register

        person_action_register(PersonAction(_("登记强制报告"), "cases:report", Capability.CASES_REPORT))
