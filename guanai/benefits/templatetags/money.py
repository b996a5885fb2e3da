from django import template

from guanai.core.money import yuan_text

register = template.Library()


@register.filter
def cny(fen) -> str:
    """{{ payment.amount_fen|cny }} -> '1,234.50' (integer fen shown as yuan with 2 decimals)."""
    return yuan_text(fen)
