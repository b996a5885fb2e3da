"""rule_params_for / RuleParamsCache: defaults from RULES.md, overridden by RuleParameter rows by the
longest area prefix, within their effective period; RuleParameter.clean validates keys and values."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from guanai.people.models import RuleParameter
from guanai.people.parameters import PARAMETERS, default_params
from guanai.people.selectors import RuleParamsCache, rule_params_for
from guanai.people.tests.factories import RuleParameterFactory

XINMINJIE, LONGKOU, FENGXIAN, SHUANGSHIPU = "610330100007", "610330101003", "610330", "610330100"
ON = date(2026, 11, 23)
pytestmark = pytest.mark.django_db


def test_every_parameter_cites_a_source():
    assert all(parameter.source for parameter in PARAMETERS.values())


def test_defaults_when_no_row():
    params = rule_params_for(XINMINJIE, ON)
    assert params == default_params()
    assert params.left_behind_child_max_age == 16 and params.custody_min_months == 6


def test_national_row_then_county_then_village():
    RuleParameterFactory(key="elder_min_months_away", value=12)
    RuleParameterFactory(key="elder_min_months_away", value=3, area_id=FENGXIAN)
    RuleParameterFactory(key="elder_min_months_away", value=9, area_id=XINMINJIE)
    assert rule_params_for(XINMINJIE, ON).elder_min_months_away == 9
    assert rule_params_for(LONGKOU, ON).elder_min_months_away == 3
    assert rule_params_for("532501001001", ON).elder_min_months_away == 12


def test_area_row_overrides_only_its_own_key():
    RuleParameterFactory(key="left_behind_child_single_parent", value=True, area_id=SHUANGSHIPU)
    params = rule_params_for(XINMINJIE, ON)
    assert params.left_behind_child_single_parent is True
    assert params.orphan_max_age == 18
    assert rule_params_for(LONGKOU, ON).left_behind_child_single_parent is False


def test_effective_period_includes_both_ends():
    RuleParameterFactory(key="oldest_old_min_age", value=75, effective_from=date(2026, 1, 1),
                         effective_to=date(2026, 6, 30))
    RuleParameterFactory(key="oldest_old_min_age", value=70, effective_from=date(2027, 1, 1))
    assert rule_params_for(XINMINJIE, date(2025, 12, 31)).oldest_old_min_age == 80
    assert rule_params_for(XINMINJIE, date(2026, 1, 1)).oldest_old_min_age == 75
    assert rule_params_for(XINMINJIE, date(2026, 6, 30)).oldest_old_min_age == 75
    assert rule_params_for(XINMINJIE, date(2026, 7, 1)).oldest_old_min_age == 80
    assert rule_params_for(XINMINJIE, date(2027, 1, 1)).oldest_old_min_age == 70


def test_newer_row_for_the_same_area_wins():
    RuleParameterFactory(key="custody_min_months", value=12, area_id=FENGXIAN, effective_from=date(2020, 1, 1))
    RuleParameterFactory(key="custody_min_months", value=6, area_id=FENGXIAN, effective_from=date(2024, 1, 1))
    assert rule_params_for(XINMINJIE, ON).custody_min_months == 6


def test_lists_come_back_as_tuples():
    RuleParameterFactory(key="elder_away_scopes", value=["out_of_province"], area_id=FENGXIAN)
    assert rule_params_for(XINMINJIE, ON).elder_away_scopes == ("out_of_province",)


def test_cache_reads_the_table_once(django_assert_num_queries):
    RuleParameterFactory(key="oldest_old_min_age", value=75, area_id=FENGXIAN)
    cache = RuleParamsCache(ON)
    with django_assert_num_queries(1):
        first = cache.for_area(XINMINJIE)
        assert cache.for_area(LONGKOU) is first  # same matching prefixes, same object
        assert cache.for_area("532501001001").oldest_old_min_age == 80


@pytest.mark.parametrize(("key", "value", "field"), [
    ("no_such_key", 1, "key"),
    ("orphan_max_age", "18", "value"),
    ("orphan_max_age", True, "value"),
    ("school_extension", 1, "value"),
    ("incapable_conditions", ["severe_illness", "bad_luck"], "value"),
    ("special_difficulty_categories", ["orphan"], "value"),
])
def test_clean_rejects_bad_rows(key, value, field):
    row = RuleParameter(key=key, value=value, effective_from=ON, source="测试")
    with pytest.raises(ValidationError) as raised:
        row.full_clean()
    assert field in raised.value.message_dict


def test_clean_accepts_good_rows_and_they_take_effect():
    rows = [RuleParameter(key="school_extension_max_age", value=22, effective_from=ON, source="某省文件"),
            RuleParameter(key="special_difficulty_categories", value=["oldest_old", "tekun"], effective_from=ON,
                          source="某县文件")]
    for row in rows:
        row.full_clean()  # raises ValidationError for a bad row (the tests above)
        row.save()
    params = rule_params_for(XINMINJIE, ON)
    assert params.school_extension_max_age == 22
    assert params.special_difficulty_categories == ("oldest_old", "tekun")
