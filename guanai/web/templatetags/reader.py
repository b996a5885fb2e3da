"""`{{ message|reader_text }}`: the reader's half of a "中文 / English" message (config/bilingual.py)."""

from django import template

from guanai.core.bilingual import reader_text as _reader_text

register = template.Library()


@register.filter
def reader_text(message) -> str:
    return _reader_text(message)
