import datetime
import random

from guanai.demo.families import CUSP_AGES, STABLE_DAYS, FamilyBuilder, Registry
from guanai.demo.identities import IdentityMaker, address_code_for, is_valid_id_number
from guanai.demo.names import NameMaker
from guanai.demo.plan import apportion
from guanai.people.facts import age_on
from guanai.people.idnumbers import parse

ON = datetime.date(2026, 11, 23)


def test_id_numbers_are_valid_unique_and_carry_birth_date_and_sex():
    maker = IdentityMaker(random.Random(1))
    born = datetime.date(1958, 3, 9)
    numbers = {maker.id_number("610330", born, "female") for _ in range(300)}
    assert len(numbers) == 300
    parsed = parse(next(iter(numbers)), today=ON)
    assert (parsed.birth_date, parsed.sex, parsed.address_code) == (born, "female", "610330")


def test_renamed_counties_use_the_code_of_the_birth_year():
    assert address_code_for("532503", 1985) == "532522"  # 蒙自县 before 蒙自市 (2010)
    assert address_code_for("532503", 2012) == "532503"
    maker = IdentityMaker(random.Random(2))
    assert is_valid_id_number(maker.id_number("532504", datetime.date(1950, 1, 1), "male"))


def test_names_follow_sex_era_and_include_heteronym_surnames():
    names = NameMaker(random.Random(3))
    drawn = [names.surname() for _ in range(20000)]
    assert {"单", "曾"} <= set(drawn)
    assert drawn.count("王") > drawn.count("曾") > drawn.count("单")
    assert len(names.full("female", 2015)) in (2, 3)


def test_threshold_ages_stay_put_for_half_a_year():
    builder = FamilyBuilder(rng=random.Random(4), on=ON, registry=Registry(), region="national")
    for age in CUSP_AGES:
        for _ in range(200):
            born = builder.birth_date(age)
            assert age_on(born, ON) == age
            assert age_on(born, ON + datetime.timedelta(days=STABLE_DAYS)) == age


def test_apportion_keeps_the_total():
    parts = apportion(29262, {"a": 5.0, "b": 9.5, "c": 0.3})
    assert sum(parts.values()) == 29262
    assert parts["b"] > parts["a"] > parts["c"]
