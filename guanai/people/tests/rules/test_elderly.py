"""Elderly rules: left_behind_elder (民发〔2017〕193号), empty_nest_elder, living_alone, oldest_old,
disabled_care and special_difficulty_elder (探访关爱 guidance 2022); ages 60 and 80 include the bound."""

from guanai.people.parameters import default_params
from guanai.people.rules import (
    disabled_care,
    empty_nest_elder,
    left_behind_elder,
    living_alone,
    oldest_old,
    special_difficulty_elder,
    why_not,
)

from .builders import ON, adult_child, born, elder, months_ago

P = default_params()


def _away(**facts):
    return adult_child(**{"is_migrant_worker": True, "away_scope": "out_of_province",
                          "away_since": months_ago(24), **facts})


# left_behind_elder


def test_rural_elder_whose_children_all_live_away():
    old = elder(children=[_away(), _away(id=202, name="王秀英", away_scope="out_of_county")])
    expected = "农村户籍、70周岁，子女（赡养人）均长期外出：王建国（省外）、王秀英（县外省内）"
    assert str(left_behind_elder(old, P, ON)) == expected


def test_left_behind_elder_age_60_is_included():
    assert left_behind_elder(elder(birth_date=born(60), children=[_away()]), P, ON) is not None
    assert left_behind_elder(elder(birth_date=born(60, days=1), children=[_away()]), P, ON) is None


def test_one_child_at_home_is_not_left_behind():
    old = elder(children=[_away(), adult_child(id=202, name="王秀英")])
    assert left_behind_elder(old, P, ON) is None
    assert str(why_not("left_behind_elder", old, P, ON)) == "不再符合：赡养人王秀英未在外地长期居住（已返乡或在本地）"


def test_a_child_working_in_the_county_is_not_away_by_default():
    old = elder(children=[_away(away_scope="in_county")])
    assert left_behind_elder(old, P, ON) is None
    params = default_params(elder_away_scopes=["in_county", "out_of_county", "out_of_province"])
    assert left_behind_elder(old, params, ON) is not None


def test_minimum_months_away():
    assert left_behind_elder(elder(children=[_away(away_since=months_ago(5))]), P, ON) is None
    assert left_behind_elder(elder(children=[_away(away_since=months_ago(6))]), P, ON) is not None
    assert left_behind_elder(elder(children=[_away(away_since=None)]), P, ON) is None
    params = default_params(elder_min_months_away=3)
    assert left_behind_elder(elder(children=[_away(away_since=months_ago(5))]), params, ON) is not None


def test_supporters_count_like_children_and_dead_ones_do_not():
    old = elder(supporters=[_away()], children=[adult_child(id=203, died_on=months_ago(40))])
    assert left_behind_elder(old, P, ON) is not None


def test_no_children_or_supporters_is_not_left_behind():
    assert left_behind_elder(elder(), P, ON) is None


def test_urban_elder_is_not_left_behind():
    assert left_behind_elder(elder(hukou_type="urban", children=[_away()]), P, ON) is None


# empty_nest_elder


def test_urban_elder_living_with_spouse_only():
    assert str(empty_nest_elder(elder(hukou_type="urban"), P, ON)) == "城镇、70周岁，仅与配偶同住"


def test_empty_nest_needs_urban_and_no_children_at_home():
    assert empty_nest_elder(elder(hukou_type="rural"), P, ON) is None
    assert empty_nest_elder(elder(hukou_type="urban", living_arrangement="with_children"), P, ON) is None
    assert empty_nest_elder(elder(hukou_type="", area_kind="residents_committee"), P, ON) is not None


def test_empty_nest_age_60_is_included():
    assert empty_nest_elder(elder(hukou_type="urban", birth_date=born(60)), P, ON) is not None
    assert empty_nest_elder(elder(hukou_type="urban", birth_date=born(60, days=1)), P, ON) is None


# living_alone


def test_living_alone():
    assert str(living_alone(elder(living_arrangement="alone"), P, ON)) == "70周岁，独居"
    assert living_alone(elder(), P, ON) is None
    assert living_alone(elder(living_arrangement="alone", birth_date=born(60, days=1)), P, ON) is None
    assert living_alone(elder(living_arrangement="alone", birth_date=born(60)), P, ON) is not None


# oldest_old


def test_oldest_old_age_80_is_included():
    assert str(oldest_old(elder(birth_date=born(80)), P, ON)) == "80周岁（80周岁以上）"
    old = elder(birth_date=born(80, days=1))
    assert oldest_old(old, P, ON) is None
    assert str(why_not("oldest_old", old, P, ON)) == "不再符合：未满80周岁"


def test_oldest_old_threshold_is_data():
    assert oldest_old(elder(birth_date=born(75)), default_params(oldest_old_min_age=75), ON) is not None


# disabled_care


def test_disabled_care_partial_and_full():
    assert str(disabled_care(elder(care_need="partial"), P, ON)) == "70周岁，半失能"
    assert str(disabled_care(elder(care_need="full"), P, ON)) == "70周岁，失能"
    assert disabled_care(elder(), P, ON) is None
    assert disabled_care(elder(care_need="full", birth_date=born(60, days=1)), P, ON) is None


# special_difficulty_elder


def test_special_difficulty_from_each_default_item():
    assert "独居老人" in str(special_difficulty_elder(elder(living_arrangement="alone"), P, ON))
    assert "城市空巢老人" in str(special_difficulty_elder(elder(hukou_type="urban"), P, ON))
    assert "农村留守老年人" in str(special_difficulty_elder(elder(children=[_away()]), P, ON))
    assert "失能" in str(special_difficulty_elder(elder(care_need="partial"), P, ON))
    assert "重度残疾" in str(special_difficulty_elder(elder(disability_type="visual", disability_grade=1), P, ON))
    assert "计划生育特殊家庭" in str(special_difficulty_elder(elder(bereaved_one_child_family=True), P, ON))


def test_oldest_old_alone_is_not_special_difficulty_by_default():
    old = elder(birth_date=born(85), living_arrangement="with_children")
    assert special_difficulty_elder(old, P, ON) is None
    assert special_difficulty_elder(old, default_params(special_difficulty_categories=["oldest_old"]), ON)


def test_special_difficulty_list_is_data():
    params = default_params(special_difficulty_categories=["disabled_care", "tekun"])
    assert special_difficulty_elder(elder(living_arrangement="alone"), params, ON) is None
    assert str(special_difficulty_elder(elder(tekun=True), params, ON)) == "70周岁，属于：特困"


def test_a_dead_elder_holds_nothing():
    old = elder(living_arrangement="alone", died_on=months_ago(0))
    assert living_alone(old, P, ON) is None
    assert str(why_not("living_alone", old, P, ON)) == f"不再符合：已死亡（{ON:%Y-%m-%d}）"
