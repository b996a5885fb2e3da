"""Months as dates: a roster month, a first paid month or a stop month is the first day of the month."""

from datetime import date


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def next_month(day: date) -> date:
    return add_months(month_start(day), 1)


def parse_month(text: str) -> date:
    """'2022-03' -> date(2022, 3, 1); raises ValueError with a bilingual message."""
    try:
        year, month = (int(part) for part in text.strip().split("-")[:2])
        return date(year, month, 1)
    except (ValueError, TypeError):
        raise ValueError(f"月份格式应为 YYYY-MM：{text!r} / month must be YYYY-MM") from None


def months_between(first: date, last: date) -> int:
    """Number of months from `first` to `last` inclusive (0 when last < first)."""
    return max(0, (last.year - first.year) * 12 + last.month - first.month + 1)
