from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BankfilesConfig(AppConfig):
    name = "guanai.bankfiles"
    label = "bankfiles"
    verbose_name = _("银行代发文件")
