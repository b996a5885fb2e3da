"""Which row applies where and when, for the tables of standards, rates and rules that are set per
area: a row set for an area applies to every code under it (NBS codes nest by prefix), a row with no
area applies everywhere, the most specific area wins, and a row counts between its `effective_from`
and `effective_to` (inclusive; no end: still in force). Benefits, visits, facilities and workforce
read their tables this way; keeping it here keeps them agreeing."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TypeVar

from django.db.models import Q

from guanai.areas.models import LEVEL_CODE_LENGTH

Row = TypeVar("Row")


def code_prefixes(code: str) -> list[str]:
    """The code of the area and of every area above it: '610330100' -> ['61', '6103', '610330', '610330100']."""
    return [code[:n] for n in sorted(LEVEL_CODE_LENGTH.values()) if n <= len(code)]


def in_force(on: datetime.date) -> Q:
    """Rows whose period covers `on`."""
    return Q(effective_from__lte=on) & (Q(effective_to__isnull=True) | Q(effective_to__gte=on))


def set_in_or_above(prefix: str) -> Q:
    """Rows that matter inside the area `prefix`: set for it, for an area above it, or for one under it
    (the lists of standards and rates a user of that area is shown)."""
    return Q(area_id__in=code_prefixes(prefix)) | Q(area__pk__startswith=prefix)


def most_specific(rows: Iterable[Row], area_code: str) -> Row | None:
    """Of the rows whose area contains `area_code` (area None: everywhere), the one of the longest
    area code; of two for the same area, the later `effective_from` (rows without one tie)."""
    fits = [r for r in rows if area_code.startswith(r.area_id or "")]
    return max(fits, key=lambda r: (len(r.area_id or ""), getattr(r, "effective_from", datetime.date.min)),
               default=None)
