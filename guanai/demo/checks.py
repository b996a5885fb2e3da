"""Does the loaded demo say what the bureau replies say? Per area and category: the target figure
(seed or documented assumption), the plan the generator built, and what the rules derived."""

from __future__ import annotations

from dataclasses import dataclass

from guanai.accounts.scoping import Scope
from guanai.audit.models import Event
from guanai.demo.people import DEMO_LOADED
from guanai.people.models import Category
from guanai.people.selectors import category_counts

AREA_NAMES = {"610330": "凤县", "5325": "红河州"}


class DemoNotLoaded(LookupError):
    """No demo_loaded event: `guanai demo` has not loaded the people yet."""


@dataclass(frozen=True)
class CountRow:
    area: str
    category: str
    target: int | None  # None: no figure for it, the plan is the reference
    planned: int
    derived: int

    @property
    def ok(self) -> bool:
        return self.derived == self.planned and (self.target is None or self.target == self.planned)


def demo_counts_compare() -> list[CountRow]:
    """One row per area and category the demo plans or the rules derive (open spells today)."""
    event = Event.objects.filter(verb=DEMO_LOADED, object_type="demo").order_by("-at").first()
    if event is None:
        raise DemoNotLoaded("演示数据尚未加载，请先运行 guanai demo / the demo is not loaded: run `guanai demo`")
    rows = []
    for area, targets in event.data["targets"].items():
        planned = event.data["planned"].get(area, {})
        derived = category_counts(scope=Scope(area))
        for category in Category.values:
            if category in targets or planned.get(category) or derived.get(category):
                rows.append(CountRow(area, category, targets.get(category), planned.get(category, 0),
                                     derived.get(category, 0)))
    return rows
