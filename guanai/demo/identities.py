"""Synthetic but valid identifiers for demo people: ID numbers and mobile phone numbers.

An ID number is the county's address code + birth date + a sequence number (odd for men, even for
women) + the check character from guanai.people.idnumbers.with_check_character (GB 11643-1999). The
address code is where the number was first issued (RULES.md), so people born before a county was
renamed get the old county's code: 蒙自县 532522 before 蒙自市 532503 (2010), and so on. python-stdnum
rejects a code that did not exist in the birth year, and so does this module.
"""

import datetime
import random

from stdnum.cn import ric

from guanai.people.idnumbers import with_check_character

# County code -> (year the current code starts, code used before) for the demo's counties.
PREDECESSOR_CODES: dict[str, tuple[int, str]] = {
    "532502": (1981, "532521"),  # 开远县 -> 开远市
    "532503": (2010, "532522"),  # 蒙自县 -> 蒙自市
    "532504": (2013, "532526"),  # 弥勒县 -> 弥勒市
}

# Mobile prefixes of the three carriers (工信部 number plan).
MOBILE_PREFIXES = ("134", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159",
                   "182", "183", "187", "188", "198", "130", "131", "132", "155", "156", "185", "186",
                   "166", "133", "153", "180", "181", "189", "199", "173", "177")


def address_code_for(county_code: str, birth_year: int) -> str:
    start, before = PREDECESSOR_CODES.get(county_code, (0, county_code))
    return county_code if birth_year >= start else before


class IdentityMaker:
    """Hands out unique ID numbers and phone numbers, repeatably for a given seed."""

    def __init__(self, rng: random.Random):
        self._rng = rng
        self._used_sequences: dict[str, set[int]] = {}
        self._used_phones: set[str] = set()

    def id_number(self, county_code: str, birth_date: datetime.date, sex: str) -> str:
        prefix = address_code_for(county_code, birth_date.year) + birth_date.strftime("%Y%m%d")
        used = self._used_sequences.setdefault(prefix, set())
        parity = 1 if sex == "male" else 0
        while True:
            sequence = self._rng.randrange(0, 500) * 2 + parity
            if sequence not in used:
                used.add(sequence)
                return with_check_character(f"{prefix}{sequence:03d}")

    def phone(self) -> str:
        while True:
            number = self._rng.choice(MOBILE_PREFIXES) + f"{self._rng.randrange(10**8):08d}"
            if number not in self._used_phones:
                self._used_phones.add(number)
                return number


def is_valid_id_number(number: str) -> bool:
    return ric.is_valid(number)
