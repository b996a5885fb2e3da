"""Putting a service's errors onto a Django form, so a page shows each beside its field.

One helper for every app's views (docs/architecture.md, "The request layer"): a service raises
Django's ValidationError ({field: [messages]} or a list) or a schema's pydantic ValidationError; the
view catches it and calls form_add_errors(form, error). Messages for a field the form lacks become
the form's own (non-field) errors, so nothing is lost.
"""

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError
from pydantic import ValidationError as SchemaError


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
    return str(error)


def _field_messages(error: ValidationError | SchemaError) -> list[tuple[tuple[str, ...], str]]:
    """(the field names the message may belong to, first match wins; the message)."""
    if isinstance(error, SchemaError):
        # A schema names the field in `loc` (a nested model after its own name): the first part the
        # form has wins. Pydantic prefixes a validator's message with "Value error, ".
        return [(tuple(str(part) for part in item.get("loc", ())),
                 str(item.get("msg", "")).removeprefix("Value error, ")) for item in error.errors()]
    if hasattr(error, "error_dict"):
        return [((field,), message) for field, messages in error.message_dict.items() for message in messages]
    return [((), message) for message in error.messages]
