from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ComparisonsConfig(AppConfig):
    """数据比对: other departments' files matched against the registry, flags for a clerk to decide."""

    name = "guanai.comparisons"
    label = "comparisons"
    verbose_name = _("数据比对")

    def ready(self) -> None:
        from guanai.comparisons.models import ComparisonRow
        from guanai.people.idkeys import rekey_register

        rekey_register(label="comparisons.ComparisonRow", model=ComparisonRow, digest="id_number_digest")
        from guanai.audit.verbs import verbs_register

        verbs_register({
            "comparison_run": pgettext_lazy("audit event", "数据比对"),
            "comparison_mapping_saved": pgettext_lazy("audit event", "保存比对表头对应"),
            "comparison_flag_accepted": pgettext_lazy("audit event", "采纳比对提示"),
            "comparison_flag_rejected": pgettext_lazy("audit event", "不采纳比对提示"),
        })
