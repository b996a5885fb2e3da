"""How the registry reads a search text, and the parts of a search that stay fast among 1,000,000
people (issue 16, part 3). Nothing here knows who is asking: selectors.py scopes every queryset it
hands over (accounts.scoping.scoped), so scoping stays in one place.

A search text is one of four kinds (`search_text`):
- an ID number (18 characters once full-width digits, spaces and a lowercase x are cleaned): its
  keyed digests (idcipher.digests: every key held while one rotates), exact; an invalid number
  matches nobody;
- digits: a phone number, exact or prefix (a landline also with the hyphen after its area code);
- Latin letters: pinyin, full or initials, a prefix of a NameKey;
- anything else, a name in characters: the names that start with it, a range of Person's (name, area,
  id) index (`starts_with`); when nobody's name starts with it, the names whose given name starts
  with it (小明 finds 张小明), a range of the given names' keys (`given_name_prefix`: 0小明); when no
  given name does either, the names that contain it (the one search that reads every name in scope: a
  text no name holds at the start of its name or of its given name).

Text ranges are compared code point by code point (core.collation.CodePointOrder), which the indexes
are built in, whatever the database's collation. The list page never counts or sorts every match. Its
matches come from an index in the index's own order (NameKey in pinyin order, the (name, area, id)
index, the phone index, the (area, name) index), and reading stops after a cap (`first_distinct`); the
page says "1,000+" instead of the exact number (`CappedResults`).
"""

import heapq
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.lookups import GreaterThanOrEqual, LessThan

from guanai.core.collation import CodePointOrder
from guanai.people import idnumbers
from guanai.people.pinyin import given_key
from guanai.people.schemas import FULL_WIDTH

ID_LIKE = re.compile(r"^\d{17}[\dX]$")
PINYIN_LIKE = re.compile(r"^[a-z]+$")

# The list page counts at most this many people (a prefecture without a search holds a million):
# past it the page says "10,000+". Counting 10,001 index entries costs a few milliseconds.
LIST_COUNT_CAP = 10_000
# A search reads at most this many matching people, in index order: 40 pages of 25. Past it the page
# says "1,000+" and asks for a longer text; nobody pages further through a search.
SEARCH_CAP = 1_000
# A category chip counts at most this many open spells when no precomputed count holds the scope.
CHIP_COUNT_CAP = 1_000
# Index rows read per query while collecting distinct people (a person has several keys for a prefix).
_CHUNK = 2_000


@dataclass(frozen=True)
class SearchText:
    kind: str  # "id", "phone", "pinyin" or "name"
    value: str  # the cleaned ID number ("" for an invalid one: nobody), digits, letters or the text


def search_text(q: str) -> SearchText | None:
    """What a search box's text is (see the module docstring); None when it is blank."""
    text = (q or "").strip()
    if not text:
        return None
    cleaned = idnumbers.clean(text)
    if ID_LIKE.match(cleaned):
        try:
            return SearchText("id", idnumbers.parse(cleaned).number)
        except idnumbers.IdNumberError:
            return SearchText("id", "")
    digits = re.sub(r"[\s\-]", "", text.translate(FULL_WIDTH))
    if digits.isdigit():
        return SearchText("phone", digits)
    letters = re.sub(r"\s+", "", text).lower()
    if PINYIN_LIKE.match(letters):
        return SearchText("pinyin", letters)
    return SearchText("name", text)


def successor(prefix: str) -> str | None:
    """The smallest string above every string starting with `prefix` (a-z or 0-9 at the end):
    zs -> zt, az -> b, 1399 -> 14. Only letters and digits are compared, so any collation agrees."""
    top = {"z": "z", "9": "9"}.get(prefix[-1:], "")
    stripped = prefix.rstrip(top) if top else prefix
    if not stripped:
        return None
    return stripped[:-1] + chr(ord(stripped[-1]) + 1)


def prefix_range(field: str, prefix: str) -> Q:
    """`field` starts with `prefix`, as a range an index can serve (LIKE cannot on SQLite)."""
    condition = Q(**{f"{field}__gte": prefix})
    if (upper := successor(prefix)) is not None:
        condition &= Q(**{f"{field}__lt": upper})
    return condition


def phone_variants(digits: str) -> list[str]:
    variants = [digits]
    if digits.startswith("0"):  # landlines are stored as 0917-4567890
        variants += [f"{digits[:n]}-{digits[n:]}" for n in (3, 4) if len(digits) > n]
    return variants


def starts_with(field: str, text: str) -> Q:
    """`field` starts with `text`, as a range in code point order, which an index on
    CodePointOrder(field) serves whatever the database's collation (Person's (name, area, id) index,
    NameKey's (key, area, person) and (area, key) indexes). In code point order the names that start
    with 华 lie together: a search for 华 need not read past the 黄 people, as pinyin keys would have it
    (huang... lies between huaming and huawei)."""
    ordered = CodePointOrder(field)
    return Q(GreaterThanOrEqual(ordered, text)) & Q(LessThan(ordered, _next_code_point(text)))


def _next_code_point(text: str) -> str:
    """The smallest string above every string starting with `text`, in code point order."""
    head, last = text[:-1], ord(text[-1]) + 1
    if 0xD800 <= last <= 0xDFFF:  # surrogates are no characters of their own
        last = 0xE000
    if last > 0x10FFFF:
        return _next_code_point(head) if head else text + "\U0010ffff"
    return head + chr(last)


# What may stand between the parts of a name without being part of its key (阿卜杜·艾力, 小 明).
NAME_SEPARATORS = re.compile(r"[\s·•・.]+")


def given_name_prefix(text: str) -> str:
    """The key prefix under which every given name starting with `text` has its NameKey (pinyin.given_key:
    小明 -> 0小明); "" when the text holds a character keys leave out (𠀀明 would otherwise find every
    given name starting with 明)."""
    key = given_key(text)
    return key if len(key) == 1 + len(NAME_SEPARATORS.sub("", text)) else ""


def first_distinct(streams: Iterable[QuerySet], *, cap: int | None = None) -> list[int]:
    """The first `cap` (default SEARCH_CAP) + 1 distinct person ids of several queries of (sort key...,
    person id) rows, each already ordered by its index, merged in that order. Each query is read in
    chunks and stops as soon as it has given `cap` + 1 people of its own: the merged first `cap` + 1
    cannot lie further."""
    cap = SEARCH_CAP if cap is None else cap
    merged = heapq.merge(*(_stream(rows, cap + 1) for rows in streams))
    return list(itertools.islice(_unique(row[-1] for row in merged), cap + 1))


def _stream(rows: QuerySet, wanted: int) -> Iterator[tuple]:
    seen: set[int] = set()
    size = _CHUNK
    for start in itertools.count(0, size):
        chunk = list(rows[start:start + size])
        for row in chunk:
            yield row
            seen.add(row[-1])
        if len(chunk) < size or len(seen) >= wanted:
            return


def _unique(ids: Iterable[int]) -> Iterator[int]:
    seen: set[int] = set()
    for pk in ids:
        if pk not in seen:
            seen.add(pk)
            yield pk


class CappedResults(Sequence):
    """What django.core.paginator.Paginator pages when the true number of matches is unknown:
    `count()` is the capped count (at most `cap`; `more` tells that there were more), and a slice
    reads only its page."""

    def __init__(self, *, count: Callable[[], int], rows: Callable[[int, int], list[Any]], cap: int):
        self._count, self._rows, self.cap = count, rows, cap
        self._counted: int | None = None

    def count(self) -> int:
        if self._counted is None:
            self._counted = self._count()  # up to cap + 1
        return min(self._counted, self.cap)

    @property
    def more(self) -> bool:
        """More people match than the count says (the page writes "1,000+")."""
        self.count()
        return self._counted > self.cap

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window):  # Paginator asks for slices only
        if not isinstance(window, slice):
            raise TypeError("CappedResults is read a page at a time")
        start = window.start or 0
        stop = min(window.stop if window.stop is not None else self.cap, self.cap)
        return self._rows(start, stop) if stop > start else []
