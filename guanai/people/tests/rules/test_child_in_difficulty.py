"""child_in_difficulty (国发〔2016〕36号): family poverty (dibao/tekun), own disability; under 18."""

from guanai.people.parameters import default_params
from guanai.people.rules import child_in_difficulty, why_not

from .builders import ON, born, child, father, months_ago, mother

P = default_params()


def test_child_on_dibao():
    assert str(child_in_difficulty(child(dibao=True), P, ON)) == "未满18周岁，家庭低保"


def test_family_on_tekun():
    kid = child(parents=[father(tekun=True), mother()])
    assert str(child_in_difficulty(kid, P, ON)) == "未满18周岁，家庭特困"


def test_a_dead_parents_benefit_is_not_the_familys():
    kid = child(parents=[father(tekun=True, died_on=months_ago(2)), mother()])
    assert child_in_difficulty(kid, P, ON) is None


def test_own_disability():
    reason = child_in_difficulty(child(disability_type="hearing", disability_grade=3), P, ON)
    assert str(reason) == "未满18周岁，本人残疾（听力3级）"


def test_disability_grades_are_data():
    params = default_params(child_disability_grades=[1, 2])
    assert child_in_difficulty(child(disability_type="hearing", disability_grade=3), params, ON) is None


def test_poverty_flags_are_data():
    assert child_in_difficulty(child(dibao=True), default_params(child_poverty_flags=["tekun"]), ON) is None


def test_neither_poor_nor_disabled():
    kid = child()
    assert child_in_difficulty(kid, P, ON) is None
    assert str(why_not("child_in_difficulty", kid, P, ON)) == "不再符合：家庭非低保特困、本人无残疾"


def test_age_bound_18_is_excluded():
    assert child_in_difficulty(child(birth_date=born(18, days=1), dibao=True), P, ON) is not None
    assert child_in_difficulty(child(birth_date=born(18), dibao=True), P, ON) is None
