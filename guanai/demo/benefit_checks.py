"""红河州's longevity allowance in 2020 (seed 001, 红河州民政局's reply to proposal No. 74, 2021):
"2020年我州筹集各级资金按80-99周岁不低于每人每月50元，100周岁以上不低于每人每月300元的标准发放老龄津贴，
惠及8.7万余名老年人".

The standard is in the demo's records (demo/benefits.py STANDARDS) and is checked from them. The
87,000+ recipients are not: holding them at record level needs 87,000 people aged 80+ in 2020 with
enrollments and about a million 2020 payment lines, which the demo's people model does not build
(FIGURES.md, "Not in the demo"). The check still counts them from the locked rosters, so the row
turns OK the day they are loaded, and until then shows the gap instead of failing.
"""

from __future__ import annotations

import datetime

from guanai.accounts.scoping import Scope
from guanai.audit.models import Event
from guanai.benefits import selectors as benefits
from guanai.demo.benefits import DEMO_BENEFITS_LOADED
from guanai.demo.facility_checks import FigureRow
from guanai.demo.figures import HONGHE

YEAR = 2020
PROGRAMME = "longevity_allowance"
# "8.7万余名": more than 87,000 people paid in the year.
RECIPIENTS_AT_LEAST = 87_000
GAP = "未载入：演示数据只含该州标准，领取人未按记录加载（见 FIGURES.md） / not loaded at record level (FIGURES.md)"


def demo_benefits_loaded() -> bool:
    return Event.objects.filter(verb=DEMO_BENEFITS_LOADED, object_type="demo").exists()


def _standard_text(scope: Scope) -> str:
    """The monthly yuan of the prefecture's age bands in force at the end of the year, "50 / 300"."""
    rows = (benefits.standard_list(scope=scope, on=datetime.date(YEAR, 12, 31))
            .filter(programme_id=PROGRAMME, area_id=HONGHE).order_by("min_age"))
    return " / ".join(f"{row.amount_fen // 100:,}" for row in rows) or "—"


def _recipients_text(scope: Scope) -> str:
    paid = next((t for t in benefits.payment_totals(scope=scope, year=YEAR) if t.programme == PROGRAMME), None)
    people = paid.people if paid else 0
    return f"{RECIPIENTS_AT_LEAST:,}+" if people > RECIPIENTS_AT_LEAST else f"{people:,}"


def honghe_longevity_rows() -> list[FigureRow]:
    scope = Scope(HONGHE)
    recipients = _recipients_text(scope)
    target = f"{RECIPIENTS_AT_LEAST:,}+"
    return [
        FigureRow("红河州", "2020 高龄津贴标准 80-99岁/100岁以上 (元/月)", "50 / 300", _standard_text(scope)),
        FigureRow("红河州", "2020 高龄津贴领取人数 / longevity recipients", target, recipients,
                  gap="" if recipients == target else GAP),
    ]
