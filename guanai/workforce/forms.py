"""Forms of the workforce pages; their fields are the schemas' (schemas.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from guanai.core.forms import DateInput, InlineForm
from guanai.workforce.models import Background, PostKind

DATE = DateInput()


class PostForm(forms.Form):
    kind = forms.ChoiceField(label=_("岗位"), choices=PostKind.choices)
    area_code = forms.CharField(label=_("服务区划代码"), max_length=12)
    title = forms.CharField(label=_("岗位名称"), max_length=60, required=False)
    established_on = forms.DateField(label=_("设岗日期"), widget=DATE)


class TenureForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    user_id = forms.IntegerField(label=_("系统账号编号"), required=False, help_text=_("有系统账号的，填写其编号以关联"))
    background = forms.ChoiceField(label=_("人员身份"), choices=[("", "—"), *Background.choices], required=False)
    started_on = forms.DateField(label=_("任职日期"), widget=DATE)
    trained_on = forms.DateField(label=_("最近培训日期"), widget=DATE, required=False)
    certificate_no = forms.CharField(label=_("证书编号"), max_length=60, required=False)
    certificate_on = forms.DateField(label=_("发证日期"), widget=DATE, required=False)


class EndForm(InlineForm):
    ended_on = forms.DateField(label=_("离任日期"), widget=DATE)
    reason = forms.CharField(label=_("离任原因"), max_length=200)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("工作队伍名册(.xlsx/.xls/.csv)"))
