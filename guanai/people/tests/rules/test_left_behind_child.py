"""left_behind_child (国发〔2016〕13号): every branch of RULES.md's definition."""

from guanai.people.parameters import default_params
from guanai.people.rules import left_behind_child, why_not

from .builders import ON, away, born, child, father, months_ago, mother

P = default_params()


def test_both_parents_migrant_workers():
    reason = left_behind_child(child(), P, ON)
    assert str(reason) == "农村户籍、未满16周岁，父亲张三外出务工，母亲李梅外出务工"


def test_one_parent_away_and_the_other_severely_ill():
    kid = child(parents=[father(**away()), mother(severe_illness="尿毒症")])
    assert "母亲李梅无监护能力（重病（尿毒症））" in str(left_behind_child(kid, P, ON))


def test_one_parent_away_and_the_other_severely_disabled():
    kid = child(parents=[father(**away()), mother(disability_type="physical", disability_grade=2)])
    assert "重度残疾" in str(left_behind_child(kid, P, ON))


def test_one_parent_away_and_the_other_at_home_and_capable():
    kid = child(parents=[father(**away()), mother(disability_type="physical", disability_grade=3)])
    assert left_behind_child(kid, P, ON) is None
    assert str(why_not("left_behind_child", kid, P, ON)) == "不再符合：母亲李梅在家（未外出务工）"


def test_neither_parent_away():
    assert left_behind_child(child(parents=[father(), mother()]), P, ON) is None


def test_incapable_list_is_data():
    kid = child(parents=[father(**away()), mother(severe_illness="尿毒症")])
    assert left_behind_child(kid, default_params(incapable_conditions=["severe_disability"]), ON) is None


def test_age_bound_16_is_excluded():
    assert left_behind_child(child(birth_date=born(16, days=1)), P, ON) is not None  # 15 until tomorrow
    kid = child(birth_date=born(16))
    assert left_behind_child(kid, P, ON) is None
    assert str(why_not("left_behind_child", kid, P, ON)) == "不再符合：已满16周岁"


def test_urban_hukou_is_not_left_behind():
    assert left_behind_child(child(hukou_type="urban"), P, ON) is None


def test_blank_hukou_falls_back_to_the_village_kind():
    assert left_behind_child(child(hukou_type="", area_kind="village_committee"), P, ON) is not None
    assert left_behind_child(child(hukou_type="", area_kind="residents_committee"), P, ON) is None


def test_living_with_the_parents_is_not_left_behind():
    assert left_behind_child(child(living_arrangement="with_parents"), P, ON) is None
    capable = child(living_arrangement="with_parents", parents=[father(**away()), mother()])
    assert left_behind_child(capable, P, ON) is None


def test_living_with_a_parent_who_cannot_guard_while_the_other_works_away_is_left_behind():
    kid = child(living_arrangement="with_parents",
                parents=[father(**away()), mother(disability_type="physical", disability_grade=1)])
    reason = str(left_behind_child(kid, P, ON))
    assert reason != "None" and "父亲张三外出务工" in reason and "母亲李梅无监护能力" in reason


def test_one_parent_dead_and_the_other_away_is_a_local_setting():
    kid = child(parents=[father(**away()), mother(died_on=months_ago(30))])
    assert left_behind_child(kid, P, ON) is None
    assert "母亲李梅死亡" in str(left_behind_child(kid, default_params(left_behind_child_single_parent=True), ON))


def test_only_one_parent_on_file_is_a_local_setting():
    kid = child(parents=[father(**away())])
    assert left_behind_child(kid, P, ON) is None
    assert left_behind_child(kid, default_params(left_behind_child_single_parent=True), ON) is not None


def test_minimum_time_away_is_a_local_setting():
    params = default_params(child_parent_min_months_away=6)
    assert left_behind_child(child(), params, ON) is not None  # away since 2024
    recent = child(parents=[father(**away(away_since=months_ago(5))), mother(**away())])
    assert left_behind_child(recent, params, ON) is None
    exactly = child(parents=[father(**away(away_since=months_ago(6))), mother(**away())])
    assert left_behind_child(exactly, params, ON) is not None
    unknown = child(parents=[father(**away(away_since=None)), mother(**away())])
    assert left_behind_child(unknown, params, ON) is None
    assert left_behind_child(unknown, P, ON) is not None  # no minimum: the date is not needed


def test_away_scope_is_a_local_setting():
    kid = child(parents=[father(**away(away_scope="in_county")), mother(**away())])
    assert left_behind_child(kid, P, ON) is not None
    params = default_params(child_parent_away_scopes=["out_of_county", "out_of_province"])
    assert left_behind_child(kid, params, ON) is None


def test_a_dead_child_holds_nothing():
    kid = child(died_on=months_ago(1))
    assert left_behind_child(kid, P, ON) is None
    assert str(why_not("left_behind_child", kid, P, ON)).startswith("不再符合：已死亡")


def test_no_birth_date_no_category():
    assert left_behind_child(child(birth_date=None), P, ON) is None
