"""Showing a store figure on a page: counts with thousands separators, money in yuan (from integer fen,
no float), ratios as percentages; and the change against the same period last year."""

from django import template

from guanai.reports.figures import ratio_text, yuan_text
from guanai.reports.measures import is_entered_figure
from guanai.reports.models import Unit

register = template.Library()


def _text(unit: str, numerator: int | None, denominator: int | None, *, entered: bool = False) -> str:
    if numerator is None or (entered and not numerator):  # an entered figure missing: none, not zero
        return "—"
    if unit == Unit.FEN:
        return yuan_text(numerator)
    if unit == Unit.RATIO:
        return ratio_text(numerator, denominator)
    return f"{numerator:,}"


@register.filter
def figure_text(figure) -> str:
    return _text(figure.indicator.unit, figure.numerator, figure.denominator,
                 entered=is_entered_figure(figure.indicator.measure))


@register.filter
def last_year_text(figure) -> str:
    return _text(figure.indicator.unit, figure.last_year_numerator, figure.last_year_denominator,
                 entered=is_entered_figure(figure.indicator.measure))


@register.filter
def change_text(figure) -> str:
    """'+3', '−2', '+1.5个百分点' or '—' when last year has nothing to compare with."""
    change = figure.change
    if change is None:
        return "—"
    if figure.indicator.unit == Unit.RATIO:
        points = round(change * 100, 1)
        return f"{points:+.1f}%".replace("-", "−")
    if figure.indicator.unit == Unit.FEN:
        sign = "+" if change >= 0 else "−"
        return sign + yuan_text(abs(change))
    return f"{change:+,}".replace("-", "−")


@register.filter
def change_class(figure) -> str:
    change = figure.change
    return "" if not change else ("up" if change > 0 else "down")


@register.filter
def people_text(number: int | None) -> str:
    """A count of people with thousands separators (4,478,400); "—" where none was entered."""
    return "—" if number is None else f"{number:,}"
