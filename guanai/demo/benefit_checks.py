"""红河州's longevity allowance in 2020 (seed 001, 红河州民政局's reply to proposal No. 74, 2021):
"2020年我州筹集各级资金按80-99周岁不低于每人每月50元，100周岁以上不低于每人每月300元的标准发放老龄津贴，
惠及8.7万余名老年人".

Both figures come from the records. The standard: the prefecture's age bands in force at the end of
2020 (demo/benefits.py STANDARDS). The recipients: the people paid in 2020, counted from the locked
rosters' lines (benefits.selectors.payment_totals), which the demo builds from the enrollments of
红河州's oldest old (demo/oldest_old.py builds the people, demo/longevity.py enrolls and pays them).
"8.7万余" is more than 87,000 and fewer than 88,000; at another --scale both bounds scale with the
people (the scale is read from the people load's event), so `--scale 0.05` must pay 4,351-4,399.

A database loaded before the recipients were built (or without 红河州) has no longevity load event: the
row then says so (a GAP, not a failure) instead of failing on a count of the few people enrolled.
"""

from __future__ import annotations

import datetime

from guanai.accounts.scoping import Scope
from guanai.audit.models import Event
from guanai.benefits import selectors as benefits
from guanai.demo.benefits import DEMO_BENEFITS_LOADED
from guanai.demo.facility_checks import FigureRow
from guanai.demo.figures import HONGHE, HONGHE_LONGEVITY_2020
from guanai.demo.longevity import PROGRAMME, demo_longevity_loaded
from guanai.demo.oldest_old import YEAR
from guanai.demo.people import DEMO_LOADED

GAP = ("未载入：本演示数据库没有红河州高龄津贴发放记录（加载于该记录之前，或未加载红河州），请重新加载演示数据 / "
       "not loaded: this demo database has no 红河州 longevity records (loaded before them, or without 红河州); "
       "load the demo afresh")


def demo_benefits_loaded() -> bool:
    return Event.objects.filter(verb=DEMO_BENEFITS_LOADED, object_type="demo").exists()


def demo_scale() -> float:
    """The --scale the demo's people were loaded at (1 when unknown)."""
    event = Event.objects.filter(verb=DEMO_LOADED, object_type="demo").order_by("-at").first()
    return float(event.data.get("scale", 1.0)) if event else 1.0


def recipient_bounds(scale: float) -> tuple[int, int]:
    """"8.7万余" at the demo's scale: more than the first number and fewer than the second."""
    low, high = HONGHE_LONGEVITY_2020
    return round(low * scale), round(high * scale)


def _standard_text(scope: Scope) -> str:
    """The monthly yuan of the prefecture's age bands in force at the end of the year, "50 / 300"."""
    rows = (benefits.standard_list(scope=scope, on=datetime.date(YEAR, 12, 31))
            .filter(programme_id=PROGRAMME, area_id=HONGHE).order_by("min_age"))
    return " / ".join(f"{row.amount_fen // 100:,}" for row in rows) or "—"


def recipients_paid(scope: Scope) -> int:
    """People paid the longevity allowance in 2020 in the scope, from the locked rosters' lines."""
    paid = next((t for t in benefits.payment_totals(scope=scope, year=YEAR) if t.programme == PROGRAMME), None)
    return paid.people if paid else 0


def honghe_longevity_rows() -> list[FigureRow]:
    scope = Scope(HONGHE)
    scale = demo_scale()
    low, high = recipient_bounds(scale)
    target = f"{low:,}+" + ("" if scale == 1 else f" (87,000+ x {scale:g})")
    people = recipients_paid(scope)
    actual = target if low < people < high else f"{people:,}"
    return [
        FigureRow("红河州", "2020 高龄津贴标准 80-99岁/100岁以上 (元/月)", "50 / 300", _standard_text(scope)),
        FigureRow("红河州", "2020 高龄津贴领取人数 / longevity recipients (8.7万余)", target, actual,
                  gap="" if demo_longevity_loaded() or actual == target else GAP),
    ]
