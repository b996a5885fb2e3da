from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UpstreamConfig(AppConfig):
    """省级系统 / 数据回流: installations as nodes of a tree, signed packages up, flowback down."""

    name = "guanai.upstream"
    label = "upstream"
    verbose_name = _("上报与回流")
