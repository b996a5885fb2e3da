"""Putting a service's ValidationError onto a Django form, so a page shows it beside the field."""

from django import forms
from django.core.exceptions import ValidationError

from guanai.config.bilingual import reader_text


def form_add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Field errors go to their field when the form has it; the rest become the form's own errors."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            for message in messages:
                form.add_error(field if field in form.fields else None, reader_text(message))
    else:
        for message in error.messages:
            form.add_error(None, reader_text(message))
