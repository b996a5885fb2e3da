from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReportsConfig(AppConfig):
    name = "guanai.reports"
    label = "reports"
    verbose_name = _("统计报表")

    def ready(self) -> None:
        from guanai.audit.verbs import verbs_register

        verbs_register({
            "indicator_versioned": pgettext_lazy("audit event", "修改统计指标"),
            "store_refreshed": pgettext_lazy("audit event", "刷新统计数据"),
            "report_template_uploaded": pgettext_lazy("audit event", "上传报告模板"),
            "report_generated": pgettext_lazy("audit event", "生成报告"),
            "resident_population_saved": pgettext_lazy("audit event", "填报常住人口"),
            "resident_population_deleted": pgettext_lazy("audit event", "删除常住人口数"),
            "resident_population_imported": pgettext_lazy("audit event", "导入常住人口"),
        })
        from guanai.audit.services import event_listener_register
        from guanai.people.selectors import category_count_reader_register
        from guanai.reports.hooks import category_counts_from_store, on_event, visit_rates_from_store
        from guanai.visits.selectors import rate_reader_register

        event_listener_register(on_event)
        import guanai.reports.facility_measures  # noqa: F401 - registers the facility measures
        import guanai.reports.population_measures  # noqa: F401 - registers the resident population measure
        import guanai.reports.workforce_measures  # noqa: F401 - registers the workforce measures
        rate_reader_register(visit_rates_from_store)
        category_count_reader_register(category_counts_from_store)
