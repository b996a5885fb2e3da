from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "guanai.visits"
    label = "visits"
    verbose_name = _("探访关爱")

    def ready(self) -> None:
        # The person page's timeline shows visits and referrals (the registry offers the hook).
        from guanai.people.selectors import timeline_source_register
        from guanai.visits.selectors import timeline_items

        timeline_source_register(timeline_items)

        from django.utils.translation import gettext_lazy as _

        from guanai.accounts.roles import Capability
        from guanai.people.actions import PersonAction, person_action_register

        person_action_register(PersonAction(_("记录探访"), "visits:record", Capability.VISITS_RECORD, by_path=True))
