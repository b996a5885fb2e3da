from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BenefitsConfig(AppConfig):
    name = "guanai.benefits"
    label = "benefits"
    verbose_name = _("补贴发放")

    def ready(self) -> None:
        from guanai.benefits.models import Enrollment
        from guanai.benefits.roster_build import rosters_interrupted
        from guanai.core.jobs import stale_jobs_register
        from guanai.people.idkeys import rekey_register

        stale_jobs_register("benefits.Roster", rosters_interrupted)

        # The bank account is sealed with the ID key too (ID key rotation, people/idkeys.py).
        rekey_register(label="benefits.Enrollment", model=Enrollment, cipher="bank_account_cipher")
        from guanai.audit.verbs import verbs_register

        verbs_register({
            "enrollment_applied": pgettext_lazy("audit event", "申请救助"),
            "enrollment_top_up_changed": pgettext_lazy("audit event", "其他补助金额变更(补差重算)"),
            "enrollment_reviewed": pgettext_lazy("audit event", "审核救助申请"),
            "enrollment_approved": pgettext_lazy("audit event", "审批通过"),
            "enrollment_rejected": pgettext_lazy("audit event", "审批不通过"),
            "enrollment_ended": pgettext_lazy("audit event", "停发"),
            "enrollment_stop_reported": pgettext_lazy("audit event", "报告停发情形"),
            "enrollment_stop_confirmed": pgettext_lazy("audit event", "确认停发"),
            "enrollment_stop_dismissed": pgettext_lazy("audit event", "驳回停发"),
            "roster_requested": pgettext_lazy("audit event", "申请生成花名册"),
            "roster_built": pgettext_lazy("audit event", "生成花名册"),
            "roster_locked": pgettext_lazy("audit event", "锁定花名册"),
            "payment_adjustment_created": pgettext_lazy("audit event", "新增补发/扣减"),
            "bank_return_imported": pgettext_lazy("audit event", "导入银行回盘"),
            "assistance_recorded": pgettext_lazy("audit event", "登记低保、特困等待遇"),
            "assistance_ended": pgettext_lazy("audit event", "终止低保、特困等待遇"),
            "assistance_imported": pgettext_lazy("audit event", "导入低保、特困等待遇"),
        })
        from guanai.benefits.selectors import benefit_timeline_items
        from guanai.people.selectors import timeline_source_register

        timeline_source_register(benefit_timeline_items)

        from guanai.accounts.roles import Capability
        from guanai.people.actions import PersonAction, person_action_register

        person_action_register(PersonAction(_("申请补贴"), "benefits:enrollment_apply", Capability.BENEFITS_APPLY))
        person_action_register(PersonAction(_("登记低保、特困等待遇"), "benefits:assistance_new",
                                            Capability.BENEFITS_APPROVE))
