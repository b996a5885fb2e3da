"""红河州's 2020 longevity allowance in `guanai demo_check`: the standard from the records, the 87,000+
recipients counted from the locked rosters and shown as a gap while the demo does not hold them."""

import pytest

from guanai.benefits.selectors import ProgrammeTotal
from guanai.demo import benefit_checks
from guanai.demo.benefits import _standards_ensure

pytestmark = pytest.mark.django_db


def test_the_standard_comes_from_the_records_and_the_recipients_are_a_stated_gap():
    standard, recipients = benefit_checks.honghe_longevity_rows()
    assert (standard.target, standard.actual, standard.ok) == ("50 / 300", "—", False)  # nothing loaded yet
    _standards_ensure()
    standard, recipients = benefit_checks.honghe_longevity_rows()
    assert standard.ok and standard.actual == "50 / 300"
    assert (recipients.target, recipients.actual, recipients.ok) == ("87,000+", "0", False)
    assert recipients.gap.startswith("未载入")


def test_the_recipients_row_is_ok_once_more_than_87000_were_paid(monkeypatch):
    paid = [ProgrammeTotal("longevity_allowance", "高龄津贴", 87_001, 1_040_000, 0)]
    monkeypatch.setattr(benefit_checks.benefits, "payment_totals", lambda **kwargs: paid)
    recipients = benefit_checks.honghe_longevity_rows()[1]
    assert recipients.ok and not recipients.gap
    paid[0] = ProgrammeTotal("longevity_allowance", "高龄津贴", 87_000, 1_040_000, 0)  # "8.7万余" is more than
    assert not benefit_checks.honghe_longevity_rows()[1].ok
