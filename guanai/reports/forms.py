"""The form to edit an indicator's definition; saving makes a new version (services.indicator_version_create)."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from guanai.reports.dashboards import SECTIONS
from guanai.reports.measures import MEASURES
from guanai.reports.models import Indicator, PeriodType, Unit


class JSONText(forms.CharField):
    """A JSON object typed as text ({} when left empty)."""

    widget = forms.Textarea(attrs={"rows": 2, "spellcheck": "false"})

    def prepare_value(self, value):
        return value if isinstance(value, str) else json.dumps(value or {}, ensure_ascii=False)

    def to_python(self, value):
        text = (value or "").strip()
        if not text:
            return {}
        try:
            found = json.loads(text)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(_("不是有效的 JSON(第 %(line)s 行第 %(col)s 列)") % {
                "line": error.lineno, "col": error.colno}) from error
        if not isinstance(found, dict):
            raise forms.ValidationError(_("应为 JSON 对象，如 {\"category\": \"orphan\"}"))
        return found


def _measure_choices(blank: bool) -> list[tuple[str, str]]:
    found = [(code, f"{m.label}（{code}）") for code, m in sorted(MEASURES.items())]
    return [("", _("(无)")), *found] if blank else found


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("指标名称"), max_length=80)
    description = forms.CharField(label=_("指标说明"), widget=forms.Textarea(attrs={"rows": 3}))
    measure = forms.ChoiceField(label=_("分子口径"))
    filters = JSONText(label=_("分子筛选"), required=False)
    denominator_measure = forms.ChoiceField(label=_("分母口径"), required=False)
    denominator_filters = JSONText(label=_("分母筛选"), required=False)
    unit = forms.ChoiceField(label=_("单位"), choices=Unit.choices)
    period_types = forms.MultipleChoiceField(label=_("统计周期"), choices=PeriodType.choices,
                                             widget=forms.CheckboxSelectMultiple)
    section = forms.ChoiceField(label=_("分组"))
    order = forms.IntegerField(label=_("排序"), min_value=0, max_value=32767)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = _measure_choices(blank=False)
        self.fields["denominator_measure"].choices = _measure_choices(blank=True)
        self.fields["section"].choices = list(SECTIONS.items())

    @classmethod
    def initial_of(cls, indicator: Indicator) -> dict:
        return {"name": indicator.name, "description": indicator.description, "measure": indicator.measure,
                "filters": indicator.filters, "denominator_measure": indicator.denominator_measure,
                "denominator_filters": indicator.denominator_filters, "unit": indicator.unit,
                "period_types": [t for t in indicator.period_types.split(",") if t], "section": indicator.section,
                "order": indicator.order}

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        data["period_types"] = ",".join(t for t, _label in PeriodType.choices if t in data["period_types"])
        return data


class PopulationForm(forms.Form):
    """An area's resident population for a year (services.resident_population_save)."""

    area = forms.ChoiceField(label=_("区划"))
    year = forms.IntegerField(label=_("年度"), min_value=1953, max_value=2100)
    total = forms.IntegerField(label=_("常住人口"), min_value=1)
    aged_60_plus = forms.IntegerField(label=_("60周岁及以上"), min_value=0)
    aged_65_plus = forms.IntegerField(label=_("65周岁及以上"), min_value=0, required=False)
    aged_0_17 = forms.IntegerField(label=_("0-17周岁"), min_value=0, required=False)
    source = forms.CharField(label=_("数据来源"), max_length=100, initial=_("第七次全国人口普查"),
                             help_text=_("如 第七次全国人口普查、2021年统计年鉴"))

    def __init__(self, *args, areas: list[tuple[str, str]], fixed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = areas
        if fixed:  # a stored figure keeps its area and year; another area or year is a new figure
            for name in ("area", "year"):
                self.fields[name].disabled = True


class PopulationImportForm(forms.Form):
    file = forms.FileField(label=_("常住人口表(.xlsx/.xls/.csv)"))
