from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    name = "guanai.benefits"
    label = "benefits"
    verbose_name = _("补贴发放")

    def ready(self) -> None:
        from guanai.benefits.selectors import benefit_timeline_items
        from guanai.people.selectors import timeline_source_register

        timeline_source_register(benefit_timeline_items)

        from guanai.accounts.roles import Capability
        from guanai.people.actions import PersonAction, person_action_register

        person_action_register(PersonAction(_("申请补贴"), "benefits:enrollment_apply", Capability.BENEFITS_APPLY))
