from django import forms
from django.utils.translation import gettext_lazy as _

from guanai.upstream.models import ConflictDecision


class PackForm(forms.Form):
    to = forms.ChoiceField(label=_("发往"))
    full = forms.BooleanField(label=_("全量（默认只含上次确认接收以来的变化）"), required=False)

    def __init__(self, *args, receivers: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = receivers


class ApplyForm(forms.Form):
    file = forms.FileField(label=_("数据包或回执文件"), help_text=_(".zip，由上级、下级系统生成"))


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label=_("决定"), choices=[c for c in ConflictDecision.choices if c[0]])
    note = forms.CharField(label=_("说明"), max_length=300, required=False)


class HandleForm(forms.Form):
    note = forms.CharField(label=_("处理说明"), max_length=300, required=False)
