from django import forms
from django.utils.translation import gettext_lazy as _

from guanai.comparisons.models import Source


class RunForm(forms.Form):
    source = forms.ChoiceField(label=_("数据来源"), choices=Source.choices)
    file = forms.FileField(label=_("部门数据文件"), help_text=_(".xlsx、.xls 或 .csv，须含身份证号列"))


class MappingForm(forms.Form):
    """One choice per header of the department's file: which of our fields it holds."""

    def __init__(self, *args, headers: list[str], fields: list[tuple[str, str]], initial_map: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for index, header in enumerate(h for h in headers if h):
            self.fields[f"h{index}"] = forms.ChoiceField(label=header, choices=[("", _("忽略该列")), *fields],
                                                         required=False, initial=initial_map.get(header, ""))
            self.fields[f"h{index}"].header = header

    def mapping(self) -> dict[str, str]:
        return {self.fields[name].header: value for name, value in self.cleaned_data.items()}


class DecideForm(forms.Form):
    flags = forms.CharField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)
