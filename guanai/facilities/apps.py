from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FacilitiesConfig(AppConfig):
    name = "guanai.facilities"
    label = "facilities"
    verbose_name = _("服务设施")

    def ready(self) -> None:
        from guanai.audit.verbs import verbs_register

        verbs_register({
            "facility_created": pgettext_lazy("audit event", "登记设施"),
            "facility_updated": pgettext_lazy("audit event", "修改设施"),
            "facility_status_changed": pgettext_lazy("audit event", "设施状态变更"),
            "facility_capacity_recorded": pgettext_lazy("audit event", "登记设施规模"),
            "facility_file_added": pgettext_lazy("audit event", "上传设施照片/文件"),
            "facilities_imported": pgettext_lazy("audit event", "导入设施名录"),
            "facility_rated": pgettext_lazy("audit event", "星级评定"),
            "facility_rating_revoked": pgettext_lazy("audit event", "撤销星级"),
            "facility_activity_logged": pgettext_lazy("audit event", "登记服务记录"),
            "subsidy_roster_computed": pgettext_lazy("audit event", "核算设施补助"),
            "subsidy_roster_approved": pgettext_lazy("audit event", "审批设施补助"),
            "subsidy_roster_locked": pgettext_lazy("audit event", "锁定设施补助"),
            "subsidy_roster_paid": pgettext_lazy("audit event", "设施补助已拨付"),
        })
