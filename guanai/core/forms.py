"""Putting a service's errors onto a Django form, so a page shows each beside its field; the base of
forms shown as a table row's inline controls.

One helper for every app's views (docs/architecture.md, "The request layer"): a service raises
Django's ValidationError ({field: [messages]} or a list) or a schema's pydantic ValidationError; the
view catches it and calls form_add_errors(form, error). Messages for a field the form lacks become
the form's own (non-field) errors, so nothing is lost.
"""

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError
from pydantic import ValidationError as SchemaError

from guanai.core.bilingual import reader_text


class DateInput(forms.DateInput):
    """A date picker. Its value is written in ISO form whatever the page's language: a browser's date
    input shows nothing for the localised "2026/12/06", so a default or a re-shown value was lost."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class InlineForm(forms.Form):
    """A form drawn as a row's controls without visible labels (end a tenure, revoke a rating): each
    widget is named by its field's label (aria-label, and a placeholder where text is typed) so a
    screen reader and a phone user know what it asks; no ids, since the form repeats on every row."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", False)
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", field.label)
            if type(field.widget) is forms.TextInput:  # a date or number input shows its own format
                field.widget.attrs.setdefault("placeholder", field.label)


def form_add_errors(form: forms.Form, error: ValidationError | SchemaError, *,
                    aliases: Mapping[str, str] | None = None) -> None:
    """Each message on its field when the form has it (after `aliases`: service field -> form field),
    else on the form."""
    aliases = aliases or {}
    for names, message in _field_messages(error):
        field = next((aliases.get(name, name) for name in names if aliases.get(name, name) in form.fields), None)
        form.add_error(field, message)


def error_text(error: Exception) -> str:
    """A service error as one line, for a message shown above the page (no form to hold it)."""
    if isinstance(error, ValidationError | SchemaError):
        return "；".join(message for _, message in _field_messages(error))
    return reader_text(error)


def _field_messages(error: ValidationError | SchemaError) -> list[tuple[tuple[str, ...], str]]:
    """(the field names the message may belong to, first match wins; the message in the reader's
    language: a "中文 / English" message shows one half, core/bilingual.py)."""
    return [(names, reader_text(message)) for names, message in _raw_field_messages(error)]


def _raw_field_messages(error: ValidationError | SchemaError) -> list[tuple[tuple[str, ...], str]]:
    if isinstance(error, SchemaError):
        # A schema names the field in `loc` (a nested model after its own name): the first part the
        # form has wins. Pydantic prefixes a validator's message with "Value error, ".
        return [(tuple(str(part) for part in item.get("loc", ())),
                 str(item.get("msg", "")).removeprefix("Value error, ")) for item in error.errors()]
    if hasattr(error, "error_dict"):
        return [((field,), message) for field, messages in error.message_dict.items() for message in messages]
    return [((), message) for message in error.messages]
