from django.apps import AppConfig
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def _assigned_by_follow_up(user_id: int) -> Q:
    return Q(follow_up__worker_id=user_id)


class VisitsConfig(AppConfig):
    name = "guanai.visits"
    label = "visits"
    verbose_name = _("探访关爱")

    def ready(self) -> None:
        from guanai.audit.verbs import verb_family_register, verbs_register
        from guanai.visits.models import ReferralStatus

        verbs_register({
            "visit_recorded": pgettext_lazy("audit event", "记录探访"),
            "followup_due_now": pgettext_lazy("audit event", "安排探访(数据比对)"),
            "visit_corrected": pgettext_lazy("audit event", "更正探访记录"),
            "need_found": pgettext_lazy("audit event", "发现需求"),
            "need_closed": pgettext_lazy("audit event", "关闭需求"),
            "referral_sent": pgettext_lazy("audit event", "发出转介"),
            "followups_assigned": pgettext_lazy("audit event", "分派跟进"),
            "followups_ended": pgettext_lazy("audit event", "结束跟进(补录死亡)"),
            "major_event_declared": pgettext_lazy("audit event", "启动重大事件"),
            "alert_raised": pgettext_lazy("audit event", "产生预警"),
            "alert_answered": pgettext_lazy("audit event", "处置预警"),
        })
        verb_family_register("referral_", pgettext_lazy("audit event", "转介"), ReferralStatus)
        from guanai.accounts.roles import Capability
        from guanai.people.actions import PersonAction, person_action_register
        from guanai.people.selectors import assignment_filter_register, timeline_source_register
        from guanai.visits.selectors import timeline_items

        # The person page's timeline shows visits and referrals (the registry offers the hook).
        timeline_source_register(timeline_items)
        # A provider's social worker sees, in the registry too, only the people assigned to them.
        assignment_filter_register(_assigned_by_follow_up)
        person_action_register(PersonAction(_("记录探访"), "visits:record", Capability.VISITS_RECORD, by_path=True))
