"""The date picker writes its value in ISO form in every language; a row's inline form names every
control for a screen reader and has no ids to repeat down the table."""

import datetime

from django import forms
from django.utils import translation

from guanai.core.forms import DateInput, InlineForm


class _EndForm(InlineForm):
    ended_on = forms.DateField(label="离任日期", widget=DateInput())
    reason = forms.CharField(label="离任原因", max_length=200)


def test_each_control_is_named_by_its_label_and_carries_no_id():
    html = str(_EndForm()["ended_on"]) + str(_EndForm()["reason"])
    assert 'aria-label="离任日期"' in html and 'aria-label="离任原因"' in html
    assert 'placeholder="离任原因"' in html and html.count("placeholder") == 1  # a date shows its own format
    assert " id=" not in html


def test_a_label_set_on_the_widget_is_kept():
    class Named(InlineForm):
        on = forms.DateField(label="日期", widget=forms.DateInput(attrs={"aria-label": "撤销日期"}))

    assert 'aria-label="撤销日期"' in str(Named()["on"])


def test_a_date_is_written_so_the_browsers_date_picker_shows_it_in_every_language():
    for language in ("zh-hans", "en"):
        with translation.override(language):
            html = str(_EndForm(initial={"ended_on": datetime.date(2026, 12, 6)})["ended_on"])
        assert 'type="date"' in html and 'value="2026-12-06"' in html, (language, html)
