import datetime

import pytest

from guanai.reports.periods import PeriodError, period_parse, periods_of_year

D = datetime.date


@pytest.mark.parametrize(("text", "start", "end", "label"), [
    ("2023", D(2023, 1, 1), D(2023, 12, 31), "2023年"),
    ("2023Q4", D(2023, 10, 1), D(2023, 12, 31), "2023年第四季度"),
    ("2024-02", D(2024, 2, 1), D(2024, 2, 29), "2024年2月"),
])
def test_a_period_is_a_calendar_span(text, start, end, label):
    period = period_parse(text)
    assert (period.start, period.end, period.label, period.key) == (start, end, label, text)


def test_same_period_last_year():
    assert period_parse("2023Q4").last_year().key == "2022Q4"
    assert period_parse("2024-02").last_year().key == "2023-02"


@pytest.mark.parametrize("text", ["", "2023Q5", "2023-13", "23", "二〇二三"])
def test_a_bad_period_says_what_is_expected(text):
    with pytest.raises(PeriodError, match="2023Q4"):
        period_parse(text)


def test_periods_of_a_running_year_stop_today():
    keys = [p.key for p in periods_of_year(2026, until=D(2026, 5, 3))]
    assert keys == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026Q1", "2026Q2", "2026"]
