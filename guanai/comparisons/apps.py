from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComparisonsConfig(AppConfig):
    """数据比对: other departments' files matched against the registry, flags for a clerk to decide."""

    name = "guanai.comparisons"
    label = "comparisons"
    verbose_name = _("数据比对")
