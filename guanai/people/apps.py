from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "guanai.people"
    label = "people"
    verbose_name = _("服务对象")
