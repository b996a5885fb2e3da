"""`<option>` lists joined in Python. A prefecture's list page offers ~150 areas twice (the frame's area
picker and the list's area filter): as a template {% for %} loop each option costs three variable
nodes and an {% if %}, and through Django's select widget two template includes; together several
milliseconds of CPU per page. Joined here they cost a tenth of that (docs/performance.md, issue 16's
third pass). Values and labels are escaped as the template would (conditional_escape)."""

import html
from collections.abc import Iterable

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _escaped(text) -> str:
    """django.utils.html.conditional_escape without its lazy-string wrapper (a third of its cost)."""
    return text.__html__() if hasattr(text, "__html__") else html.escape(str(text))


def _joined(options: Iterable[tuple]) -> SafeString:
    return mark_safe("".join(  # noqa: S308 - every value and label is escaped above
        f'<option value="{_escaped(value)}"{" selected" if selected else ""}>{_escaped(label)}</option>'
        for value, label, selected in options))


@register.simple_tag
def options(choices: Iterable[tuple], chosen="") -> SafeString:
    """`{% options field.field.choices field.value|default:"" %}`: an option per (value, label) pair,
    the one whose value equals `chosen` selected."""
    return _joined((value, label, value == chosen) for value, label in choices)


@register.simple_tag
def area_picker_options(area_options: Iterable) -> SafeString:
    """`{% area_picker_options area_options %}`: the page frame's area picker (web.shell.AreaOption)."""
    return _joined((option.code, option.indented_label, option.selected) for option in area_options)
