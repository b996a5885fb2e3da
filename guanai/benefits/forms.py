"""Forms of the benefits pages. Amounts are typed in yuan and turned into integer fen here (Decimal)."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from guanai.benefits.models import AssistanceKind, OtherBenefit, ProgrammeCode, StopKind
from guanai.benefits.months import parse_month
from guanai.benefits.services import AssistanceIn
from guanai.core.forms import DateInput
from guanai.core.money import fen_from_yuan


def _month(text: str) -> date:
    """A month typed as YYYY-MM, as its first day; the field's error otherwise."""
    try:
        return parse_month(text)
    except ValueError as error:
        raise forms.ValidationError(str(error)) from None


class ApplicationForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    programme_code = forms.ChoiceField(label=_("补贴项目"), choices=ProgrammeCode.choices)
    payee_name = forms.CharField(label=_("领款人"), max_length=50, required=False,
                                 help_text=_("留空表示本人；儿童填写监护人"))
    payee_relation = forms.CharField(label=_("领款人与对象关系"), max_length=20, required=False)
    bank_name = forms.CharField(label=_("开户银行"), max_length=60, required=False)
    bank_account = forms.CharField(label=_("银行账号"), max_length=40, required=False)
    other_benefit = forms.ChoiceField(label=_("已享受的其他补助"), choices=OtherBenefit.choices, required=False)
    other_benefit_yuan = forms.DecimalField(label=_("其他补助每月金额(元)"), max_digits=10, decimal_places=2,
                                            min_value=0, required=False)
    one_off_yuan = forms.DecimalField(label=_("临时救助金额(元)"), max_digits=10, decimal_places=2, min_value=0,
                                      required=False)


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("未通过理由"), max_length=300)


class StopReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("停发原因类别"), choices=StopKind.choices)
    event_on = forms.DateField(label=_("事由发生日期"), widget=DateInput())
    reason = forms.CharField(label=_("说明"), max_length=300, required=False)


class RosterRequestForm(forms.Form):
    programme_code = forms.ChoiceField(label=_("补贴项目"), choices=ProgrammeCode.choices)
    area_code = forms.ChoiceField(label=_("发放区划"))
    month = forms.CharField(label=_("发放月份"), widget=forms.TextInput(attrs={"type": "month"}))

    def __init__(self, *args, areas: list[tuple[str, str]], **kwargs):
        """`areas`: the county and townships the user may build a roster for (areas.selectors.area_choices)."""
        super().__init__(*args, **kwargs)
        self.fields["area_code"].choices = areas


class ReturnUploadForm(forms.Form):
    file = forms.FileField(label=_("银行回盘文件(.xlsx/.xls/.csv)"))


class AdjustmentForm(forms.Form):
    month = forms.CharField(label=_("更正的月份"), widget=forms.TextInput(attrs={"type": "month"}))
    amount_yuan = forms.DecimalField(label=_("金额(元，负数为追回)"), max_digits=10, decimal_places=2)
    reason = forms.CharField(label=_("理由"), max_length=200)


class AssistanceForm(forms.Form):
    """A status a person (or their household) holds: 低保, 特困 ... with its months and amount."""

    kind = forms.ChoiceField(label=_("类别"), choices=AssistanceKind.choices)
    household = forms.BooleanField(label=_("全户享受"), required=False,
                                   help_text=_("低保按户享受的勾选，金额填全户每月金额"))
    monthly_yuan = forms.DecimalField(label=_("每月金额(元)"), max_digits=10, decimal_places=2, min_value=0,
                                      required=False, help_text=_("低保须填写，用于计算补差"))
    members = forms.IntegerField(label=_("保障人数"), min_value=1, initial=1)
    first_month = forms.CharField(label=_("起始月份"), widget=forms.TextInput(attrs={"type": "month"}),
                                  help_text=_("可以早于已锁定的月份：下次生成花名册时自动追回或补发差额"))
    last_month = forms.CharField(label=_("截止月份"), required=False, widget=forms.TextInput(attrs={"type": "month"}))
    evidence = forms.CharField(label=_("证明材料"), max_length=100, required=False)

    def clean_first_month(self) -> date:
        return _month(self.cleaned_data["first_month"])

    def clean_last_month(self) -> date | None:
        return _month(self.cleaned_data["last_month"]) if self.cleaned_data["last_month"] else None

    def to_input(self) -> AssistanceIn:
        data = self.cleaned_data
        monthly = data["monthly_yuan"]
        return AssistanceIn(kind=data["kind"], household=data["household"], members=data["members"],
                            monthly_fen=fen_from_yuan(monthly) if monthly is not None else None,
                            first_month=data["first_month"], last_month=data["last_month"],
                            evidence=data["evidence"])


class AssistanceEndForm(forms.Form):
    last_month = forms.CharField(label=_("最后享受月份"), widget=forms.TextInput(attrs={"type": "month"}))
    reason = forms.CharField(label=_("终止理由"), max_length=200)

    def clean_last_month(self) -> date:
        return _month(self.cleaned_data["last_month"])


class AssistanceImportForm(forms.Form):
    file = forms.FileField(label=_("待遇名册(.xlsx/.xls/.csv)"))
