"""Forms of the facilities pages. The facility form's fields are FacilityIn's, so the page, the API and
the import share one validation (schemas.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from guanai.core.forms import DateInput, InlineForm
from guanai.facilities.models import ActivityKind, FacilityKind, FacilityStatus, FileKind, Operator, PayoutKind

DATE = DateInput()


class FacilityForm(forms.Form):
    kind = forms.ModelChoiceField(label=_("设施类型"), queryset=FacilityKind.objects.all(), to_field_name="code")
    area_code = forms.CharField(label=_("所在区划代码"), max_length=12)
    name = forms.CharField(label=_("名称"), max_length=100)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    operator = forms.ChoiceField(label=_("运营方式"), choices=Operator.choices)
    operator_name = forms.CharField(label=_("运营单位"), max_length=100, required=False)
    status = forms.ChoiceField(label=_("状态"), choices=FacilityStatus.choices)
    opened_on = forms.DateField(label=_("开始运营日期"), required=False, widget=DATE)
    closed_on = forms.DateField(label=_("关闭日期"), required=False, widget=DATE)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    bank_name = forms.CharField(label=_("开户银行"), max_length=60, required=False)
    bank_account_name = forms.CharField(label=_("账户名称"), max_length=100, required=False)
    bank_account = forms.CharField(label=_("银行账号"), max_length=30, required=False)
    beds = forms.IntegerField(label=_("床位(张)"), min_value=0, initial=0)
    nursing_beds = forms.IntegerField(label=_("护理型床位(张)"), min_value=0, initial=0)
    rooms = forms.IntegerField(label=_("活动用房(间)"), min_value=0, initial=0)
    seats = forms.IntegerField(label=_("就餐座位(个)"), min_value=0, initial=0)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("新状态"), choices=FacilityStatus.choices)
    on = forms.DateField(label=_("日期"), widget=DATE)
    reason = forms.CharField(label=_("原因"), max_length=200, required=False)


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("服务类别"), choices=ActivityKind.choices)
    on = forms.DateField(label=_("日期"), widget=DATE)
    days = forms.IntegerField(label=_("持续天数"), min_value=1, initial=1)
    participants = forms.IntegerField(label=_("服务人次"), min_value=0)
    title = forms.CharField(label=_("内容"), max_length=200)


class FileForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=FileKind.choices)
    title = forms.CharField(label=_("标题"), max_length=100)
    file = forms.FileField(label=_("文件"))


class RatingForm(forms.Form):
    """The score sheet: one field per item of the scheme in force."""

    year = forms.IntegerField(label=_("评定年度"), min_value=2000, max_value=2100)
    rated_on = forms.DateField(label=_("评定日期"), widget=DATE)
    raters = forms.CharField(label=_("评定人员"), max_length=200, required=False)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.IntegerField(
                label=f"{item.name}（{item.max_points}分）", min_value=0, max_value=item.max_points)

    def scores(self) -> dict[int, int]:
        return {item.pk: self.cleaned_data[f"item_{item.pk}"] for item in self.items}


class RevokeForm(InlineForm):
    on = forms.DateField(label=_("撤销日期"), widget=DATE)
    reason = forms.CharField(label=_("撤销原因"), max_length=200)


class SubsidyComputeForm(forms.Form):
    payout_kind = forms.ChoiceField(label=_("补助类别"), choices=PayoutKind.choices)
    kind = forms.ModelChoiceField(label=_("设施类型"), queryset=FacilityKind.objects.filter(rated=True),
                                  to_field_name="code")
    area_code = forms.CharField(label=_("发放区划代码"), max_length=12)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)


class PaidForm(InlineForm):
    paid_on = forms.DateField(label=_("拨付日期"), widget=DATE)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("设施名录(.xlsx/.xls/.csv)"))
