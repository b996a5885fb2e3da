from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "guanai.cases"
    label = "cases"
    verbose_name = _("儿童保护个案")

    def ready(self) -> None:
        # The person page's timeline shows the cases the viewer may open (the registry offers the hook).
        from guanai.cases.selectors import timeline_items
        from guanai.people.selectors import timeline_source_register

        timeline_source_register(timeline_items)

        from guanai.accounts.roles import Capability
        from guanai.people.actions import PersonAction, person_action_register

        person_action_register(PersonAction(_("登记强制报告"), "cases:report", Capability.CASES_REPORT))
