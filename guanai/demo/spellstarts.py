"""Dating the demo's category spells back to when their facts began.

The demo derives every category with one categories_recompute on the load date, so every spell
would start that day, even an 89-year-old's who has lived alone for years. Here each rule spell
starts on the first day from which its rule has held without a break up to the load date (an 80th
birthday, the day the parents' time away reached the minimum, a parent's death), found by bisection
over the person's facts, but not before the person came on file: a date between REGISTER_FROM and the
load date, drawn per person (earlier dates likelier: most people were registered when the registers
began). The reason is derived again on the start date, so it reads as it did then (the age of the
day). Spells are dated back in place; which people hold which category today does not change, so
`guanai demo_check` still holds.
"""

from __future__ import annotations

import datetime
import random

from django.db import connection
from django.utils import translation

from guanai.demo.figures import HONGHE, HONGHE_STANDS_ON
from guanai.people.models import CategorySpell, SpellSource
from guanai.people.rules import RULES
from guanai.people.selectors import RuleParamsCache
from guanai.people.spells import facts_load

# The registers began with 国发〔2016〕13号 (left-behind children) and the 2016-2017 elderly care
# guidance; nobody's category is on file before this.
REGISTER_FROM = datetime.date(2016, 3, 1)
CHUNK = 2000


def on_file_since(person_id: int, on: datetime.date, *, by: datetime.date | None = None) -> datetime.date:
    """The day the person came on file: skewed towards the registers' early years; no later than `by`
    where the area's figures describe an earlier day (红河州: figures.HONGHE_STANDS_ON)."""
    last = by if by is not None and by < on else on - datetime.timedelta(days=30)
    span = (last - REGISTER_FROM).days
    share = random.Random(f"guanai-demo-on-file-{person_id}").random() ** 2
    return REGISTER_FROM + datetime.timedelta(days=int(span * share))


def on_file_by(area_code: str) -> datetime.date | None:
    """The day by which the people of an area came on file (None: any day up to the load date)."""
    return HONGHE_STANDS_ON if area_code.startswith(HONGHE) else None


def spells_date_back(*, person_ids: list[int], on: datetime.date) -> int:
    """Move the open rule spells started on `on` back to when their facts began. Returns spells moved."""
    cache = RuleParamsCache(on)
    moved = 0
    for start in range(0, len(person_ids), CHUNK):
        chunk = person_ids[start:start + CHUNK]
        spells = list(CategorySpell.objects.filter(person_id__in=chunk, source=SpellSource.RULE, started_on=on,
                                                   ended_on__isnull=True).only("id", "person_id", "category"))
        facts = facts_load({s.person_id for s in spells}, on)
        changed = []
        for spell in spells:
            person = facts.get(spell.person_id)
            if person is None:
                continue
            params = cache.for_area(person.area_code)
            rule = RULES[spell.category]
            began = _first_day_held(lambda day, rule=rule, person=person, params=params: rule(person, params, day),
                                    on_file_since(spell.person_id, on, by=on_file_by(person.area_code)), on)
            if began < on:
                reason = rule(person, params, began)
                with translation.override("zh-hans"):
                    spell.reason = reason.render()[:300]
                spell.started_on, spell.reason_message = began, reason.to_json()
                changed.append(spell)
        _spells_update(changed)
        moved += len(changed)
    return moved


def _spells_update(spells: list[CategorySpell]) -> None:
    """One executemany UPDATE: bulk_update's CASE WHEN expressions took most of the time (a demo of
    4,000 spells spent 150 of 210 profiled seconds building them)."""
    if not spells:
        return
    ops, meta = connection.ops, CategorySpell._meta
    message = meta.get_field("reason_message")
    sql = "UPDATE {} SET {} = %s, {} = %s, {} = %s WHERE {} = %s".format(  # noqa: S608  (names from _meta)
        ops.quote_name(meta.db_table), *(ops.quote_name(meta.get_field(name).column)
                                         for name in ("started_on", "reason", "reason_message", "id")))
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(ops.adapt_datefield_value(s.started_on), s.reason,
                                  message.get_db_prep_value(s.reason_message, connection), s.pk) for s in spells])


def _first_day_held(holds, earliest: datetime.date, on: datetime.date) -> datetime.date:
    """The earliest day in [earliest, on] from which `holds` is true (it is on `on`); bisection, which
    assumes the rule has held without a break since it began (true of the demo's facts: ages only
    grow, time away and deaths only lengthen)."""
    if holds(earliest):
        return earliest
    low, high = earliest, on  # holds(low) is false, holds(high) is true
    while (high - low).days > 1:
        middle = low + (high - low) / 2
        if holds(middle):
            high = middle
        else:
            low = middle
    return high
