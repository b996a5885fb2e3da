"""The bank's template of a payment file (代发文件): which columns, in which order.

Every payment file Guanai writes goes through guanai/bankfiles/writing.py with the columns of the
county's template, whatever it pays: a person's monthly allowance (benefits) or a facility's
operating subsidy and performance award (facilities). A bureau uploads its bank's template once
(admin: 银行代发文件模板) and both files follow it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Every column a bank file can carry, by key, with the header the bank reads (writing.py fills them).
BANK_FILE_COLUMNS: dict[str, str] = {
    "seq": "序号",
    "payee_name": "姓名",
    "id_number": "身份证号",
    "account": "账号",
    "amount": "金额",
    "memo": "备注",
    "bank": "开户银行",
    "line_id": "明细编号",
    "area_code": "村(社区)代码",
    "area_name": "村(社区)",
    "person_name": "对象姓名",
}


class BankFileTemplate(models.Model):
    """The columns a county's paying bank wants in its payment file, in its order (keys of
    BANK_FILE_COLUMNS). The most specific area wins; without one, DEFAULT_COLUMNS."""

    DEFAULT_COLUMNS = ("seq", "payee_name", "id_number", "account", "amount", "memo")

    area = models.OneToOneField("areas.Area", verbose_name=_("适用区划"), on_delete=models.PROTECT, related_name="+")
    bank_name = models.CharField(_("代发银行"), max_length=60)
    columns = models.CharField(
        _("列"), max_length=300, default=",".join(DEFAULT_COLUMNS),
        help_text=_("按银行要求的顺序填写列代码，用逗号分隔：seq 序号, payee_name 姓名, id_number 身份证号, "
                    "account 账号, amount 金额, memo 备注, bank 开户银行, line_id 明细编号, area_code 村(社区)代码, "
                    "area_name 村(社区), person_name 对象姓名"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("银行代发文件模板")
        verbose_name_plural = _("银行代发文件模板")

    def __str__(self) -> str:
        return f"{self.bank_name}（{self.area_id}）"

    def clean(self) -> None:
        unknown = [key for key in self.column_keys if key not in BANK_FILE_COLUMNS]
        if unknown:
            raise ValidationError({"columns": _("不认识的列代码：%(keys)s") % {"keys": "、".join(unknown)}})
        if "amount" not in self.column_keys:
            raise ValidationError({"columns": _("银行代发文件必须有金额列（amount）")})

    @property
    def column_keys(self) -> list[str]:
        return [key.strip() for key in self.columns.split(",") if key.strip()]
