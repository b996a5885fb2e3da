import pytest

from guanai.accounts.roles import Role
from guanai.accounts.scoping import scope_for
from guanai.accounts.selectors import staff_coverage, user_count_by_role
from guanai.accounts.tests.factories import UserFactory
from guanai.areas.selectors import area_get
from guanai.conftest import FENGXIAN, HONGHE, LONGKOU, SHUANGSHIPU, XINMINJIE

pytestmark = pytest.mark.django_db


def test_county_counts_villages_and_towns_of_the_real_tree(county, director, outsider, supervisor):
    coverage = staff_coverage(scope=scope_for(county), area=area_get(code=FENGXIAN))
    # 凤县 reply 2023: 9 towns, 66 villages and 4 communities (forestry units left out).
    assert (coverage.villages.total, coverage.villages.covered) == (70, 2)
    assert (coverage.townships.total, coverage.townships.covered) == (9, 1)
    assert coverage.villages.percent == 3
    assert [row.area.short_name for row in coverage.rows][:2] == ["双石铺镇", "凤州镇"]
    shuangshipu = coverage.rows[0]
    assert (shuangshipu.villages.covered, shuangshipu.townships.covered) == (1, 1)
    assert coverage.uncovered_villages == []  # listed only for a township


def test_township_lists_its_villages_without_a_director(supervisor, director):
    coverage = staff_coverage(scope=scope_for(supervisor), area=area_get(code=SHUANGSHIPU))
    assert coverage.villages.total == 14
    assert XINMINJIE not in {v.code for v in coverage.uncovered_villages}
    assert len(coverage.uncovered_villages) == 13


def test_inactive_staff_and_other_roles_do_not_count(county):
    UserFactory(role=Role.CHILD_DIRECTOR, area_id=XINMINJIE, is_active=False)
    UserFactory(role=Role.SOCIAL_WORKER, area_id=LONGKOU)
    coverage = staff_coverage(scope=scope_for(county), area=area_get(code=FENGXIAN))
    assert coverage.villages.covered == 0


def test_prefecture_rows_are_counties(analyst):
    coverage = staff_coverage(scope=scope_for(analyst), area=area_get(code=HONGHE))
    assert len(coverage.rows) == 13
    assert coverage.villages.total == 1088 + 273
    assert coverage.rows[0].area.level == "county"


def test_area_outside_the_scope_is_refused(outsider):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        staff_coverage(scope=scope_for(outsider), area=area_get(code=SHUANGSHIPU))


def test_user_counts_by_role_are_scoped(supervisor, director, outsider, administrator):
    counts = user_count_by_role(scope=scope_for(supervisor))
    assert counts[Role.CHILD_DIRECTOR] == 1 and counts[Role.CHILD_SUPERVISOR] == 1
    assert counts[Role.AUDITOR] == 0
    assert user_count_by_role(scope=scope_for(administrator))[Role.CHILD_DIRECTOR] == 2


def test_coverage_runs_in_a_fixed_number_of_queries(analyst, django_assert_max_num_queries):
    honghe = area_get(code=HONGHE)
    with django_assert_max_num_queries(5):
        staff_coverage(scope=scope_for(analyst), area=honghe)
