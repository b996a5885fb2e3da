"""derive_risk_level: RULES.md's visit-frequency table, with its readings as parameters."""

from guanai.people.parameters import default_params
from guanai.people.rules import derive_categories, derive_risk_level

from .builders import ON, born, child, elder, father, mother

P = default_params()


def _level(facts, params=P):
    return derive_risk_level(facts, set(derive_categories(facts, params, ON)), params, ON)


def test_80_plus_living_alone_is_high():
    assert _level(elder(birth_date=born(80), living_arrangement="alone")) == "high"


def test_79_living_alone_is_medium_special_difficulty():
    assert _level(elder(birth_date=born(80, days=1), living_arrangement="alone")) == "medium"


def test_80_plus_empty_nest_is_high():
    assert _level(elder(birth_date=born(82), hukou_type="urban")) == "high"


def test_severe_illness_is_high_by_default_and_configurable():
    ill = elder(care_need="partial", severe_illness="肝癌晚期")
    assert _level(ill) == "high"
    assert _level(ill, default_params(severe_illness_is_high_risk=False)) == "medium"
    assert _level(ill, default_params(life_threatening_illnesses=["尿毒症"])) == "medium"
    assert _level(ill, default_params(life_threatening_illnesses=["肝癌"])) == "high"


def test_left_behind_child_is_medium():
    assert _level(child()) == "medium"


def test_unsafe_left_behind_child_is_high():
    assert _level(child(living_arrangement="alone")) == "high"


def test_orphan_de_facto_and_difficulty_are_medium():
    dead = {"died_on": ON}
    assert _level(child(parents=[father(**dead), mother(**dead)])) == "medium"
    assert _level(child(parents=[father(deported_on=ON), mother(**dead)])) == "medium"
    assert _level(child(parents=[father(), mother()], dibao=True)) == "medium"


def test_oldest_old_only_is_low():
    assert _level(elder(birth_date=born(85), living_arrangement="with_children")) == "low"


def test_no_category_no_level():
    assert _level(father(severe_illness="肝癌")) == ""
    assert derive_risk_level(elder(), set(), P, ON) == ""


def test_manual_categories_count():
    assert derive_risk_level(father(), {"child_in_difficulty"}, P, ON) == "medium"
