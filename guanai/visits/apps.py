from django.apps import AppConfig
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def _assigned_by_follow_up(user_id: int) -> Q:
    return Q(follow_up__worker_id=user_id)


class VisitsConfig(AppConfig):
    name = "guanai.visits"
    label = "visits"
    verbose_name = _("探访关爱")

    def ready(self) -> None:
        from guanai.accounts.roles import Capability
        from guanai.people.actions import PersonAction, person_action_register
        from guanai.people.selectors import assignment_filter_register, timeline_source_register
        from guanai.visits.selectors import timeline_items

        # The person page's timeline shows visits and referrals (the registry offers the hook).
        timeline_source_register(timeline_items)
        # A provider's social worker sees, in the registry too, only the people assigned to them.
        assignment_filter_register(_assigned_by_follow_up)
        person_action_register(PersonAction(_("记录探访"), "visits:record", Capability.VISITS_RECORD, by_path=True))
