"""The visit form as data for the phone: built from visits.forms.VisitForm itself, so the offline form
has the same fields, labels, choices, limits and sections as the online one, and the server validates
what comes back with that same form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from guanai.visits.forms import VisitForm

# The sections of the phone form, in the order of the online page (visits/visit_form.html).
SECTIONS = (
    (_("探访"), ("method", "visited_at")),
    *VisitForm.CHECKLIST_GROUPS,
    (_("服务需求"), ("needs_summary", "need_kind", "need_description", "need_urgent")),
    (_("探访情况"), ("notes",)),
)


def _kind(field: forms.Field) -> str:
    widget = field.widget
    if isinstance(widget, forms.RadioSelect):
        return "radio"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.DateTimeInput):
        return "datetime"
    return "text"


def _field(name: str, field: forms.Field) -> dict:
    initial = field.initial
    item = {"name": name, "label": str(field.label), "kind": _kind(field), "required": field.required,
            "initial": "" if initial is None or callable(initial) else str(initial)}
    if getattr(field, "max_length", None):
        item["max_length"] = field.max_length
    if hasattr(field, "choices"):
        item["choices"] = [[str(value), str(label)] for value, label in field.choices]
    return item


def visit_form_definition() -> dict:
    """Sections with their fields (labels in the current language)."""
    fields = VisitForm().fields
    return {"sections": [{"title": str(title), "fields": [_field(n, fields[n]) for n in names]}
                         for title, names in SECTIONS]}
