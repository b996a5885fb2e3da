"""Forms of the funds pages. Amounts are typed in yuan and turned into integer fen (Decimal, no float)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from guanai.core.forms import DateInput
from guanai.core.money import fen_from_yuan
from guanai.facilities.models import FacilityKind
from guanai.funds.factors import FACTORS
from guanai.funds.models import FundSource

DATE = DateInput()


class ProjectForm(forms.Form):
    area_code = forms.CharField(label=_("实施区划代码"), max_length=12)
    name = forms.CharField(label=_("项目名称"), max_length=120)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    facility_kind = forms.ModelChoiceField(label=_("建设设施类型"), queryset=FacilityKind.objects.all(),
                                           to_field_name="code", required=False)
    planned_units = forms.IntegerField(label=_("计划建设数量(所/个)"), min_value=0, initial=0)
    planned_households = forms.IntegerField(label=_("计划惠及户数"), min_value=0, initial=0)
    budget_yuan = forms.DecimalField(label=_("预算(元)"), min_value=0, decimal_places=2, max_digits=14)
    source = forms.ChoiceField(label=_("资金来源"), choices=FundSource.choices)
    started_on = forms.DateField(label=_("开工日期"), widget=DATE, required=False)

    def to_schema(self) -> dict:
        data = dict(self.cleaned_data)
        data["budget_fen"] = fen_from_yuan(data.pop("budget_yuan"))
        data["facility_kind"] = data["facility_kind"].code if data["facility_kind"] else None
        return data


class ProgressForm(forms.Form):
    progress_percent = forms.IntegerField(label=_("进度(%)"), min_value=0, max_value=100)
    spent_yuan = forms.DecimalField(label=_("已支出(元)"), min_value=0, decimal_places=2, max_digits=14)
    done_households = forms.IntegerField(label=_("已完成户数"), min_value=0, initial=0)
    completed_on = forms.DateField(label=_("完工日期"), widget=DATE, required=False)

    def to_schema(self) -> dict:
        data = dict(self.cleaned_data)
        data["spent_fen"] = fen_from_yuan(data.pop("spent_yuan"))
        return data


class PlanForm(forms.Form):
    area_code = forms.CharField(label=_("分配区划代码"), max_length=12)
    name = forms.CharField(label=_("方案名称"), max_length=120)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    total_yuan = forms.DecimalField(label=_("资金总额(元)"), min_value=Decimal("0.01"), decimal_places=2,
                                    max_digits=14)
    data_on = forms.DateField(label=_("数据时点"), widget=DATE, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, factor in FACTORS.items():
            self.fields[f"w_{key}"] = forms.IntegerField(label=_("权重：%(f)s") % {"f": factor.label}, min_value=0,
                                                         max_value=1000, initial=0, required=False)

    def to_schema(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("w_")}
        data["total_fen"] = fen_from_yuan(data.pop("total_yuan"))
        data["weights"] = {k: self.cleaned_data[f"w_{k}"] for k in FACTORS if self.cleaned_data.get(f"w_{k}")}
        return data
