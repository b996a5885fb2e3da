"""Vacancy detection (issue 13: a post empty for more than 30 days is on the county's list; the 30 is a
VacancyRule row), coverage figures and turnover."""

import datetime

import pytest

from guanai.accounts.scoping import Scope
from guanai.workforce import rules, selectors
from guanai.workforce.models import VacancyRule
from guanai.workforce.tests.factories import SHUANGSHIPU, PostFactory, TenureFactory

D = datetime.date
FENGXIAN = Scope("610330")


def test_vacant_days_count_the_first_empty_day():
    assert rules.vacant_days(vacant_since=D(2024, 3, 1), on=D(2024, 3, 1)) == 1
    assert rules.vacant_days(vacant_since=D(2024, 3, 2), on=D(2024, 3, 1)) == 0


@pytest.mark.parametrize(("on", "overdue"), [(D(2024, 3, 30), False), (D(2024, 3, 31), True)])
def test_more_than_the_limit_is_overdue(on, overdue):
    # vacant from 1 March: 30 days on 30 March (not more than 30), 31 on 31 March
    assert rules.vacancy_overdue(vacant_since=D(2024, 3, 1), on=on, max_vacant_days=30) is overdue


def test_a_post_is_vacant_from_the_day_after_its_holder_left(db):
    tenure = TenureFactory(ended_on=D(2024, 2, 29))
    found = selectors.vacancies(scope=FENGXIAN, on=D(2024, 3, 31))
    assert [(v.post, v.vacant_since, v.days, v.overdue) for v in found] == [(tenure.post, D(2024, 3, 1), 31, True)]
    assert [v.overdue for v in selectors.vacancies(scope=FENGXIAN, on=D(2024, 3, 30))] == [False]


def test_a_held_post_is_not_vacant_and_a_new_post_is_vacant_from_its_establishment(db):
    TenureFactory()
    post = PostFactory(established_on=D(2024, 3, 20))
    assert [(v.post, v.days, v.overdue) for v in selectors.vacancies(scope=FENGXIAN, on=D(2024, 3, 31))] == [
        (post, 12, False)]


def test_the_county_sets_its_own_limit_as_data(db):
    VacancyRule.objects.create(area_id="610330", max_vacant_days=10, effective_from=D(2020, 1, 1))
    TenureFactory(ended_on=D(2024, 2, 29))
    assert selectors.max_vacant_days_for(area_code="610330100007", on=D(2024, 3, 1)) == 10
    assert selectors.max_vacant_days_for(area_code="532501001001", on=D(2024, 3, 1)) == 30  # the national row
    assert [v.overdue for v in selectors.vacancies(scope=FENGXIAN, on=D(2024, 3, 11))] == [True]


def test_coverage_counts_towns_with_a_supervisor_and_villages_with_a_director(db):
    TenureFactory()  # 新民街 director
    TenureFactory(post=PostFactory(kind="child_supervisor", area_id=SHUANGSHIPU))
    TenureFactory(post=PostFactory(area_id="610330101003"), ended_on=D(2024, 1, 1))  # 龙口: left
    cov = selectors.coverage(scope=FENGXIAN, on=D(2024, 3, 1))
    assert (cov.townships, cov.townships_with_supervisor) == (9, 1)  # the two forestry units are not towns
    assert (cov.villages, cov.villages_with_director) == (70, 1)  # 66 villages and 4 communities


def test_coverage_counts_the_villages_that_existed_on_the_day(db):
    from guanai.areas.models import Area

    Area.objects.filter(code="610330101003").update(started_on=D(2024, 6, 1))  # 龙口: created later
    Area.objects.filter(code="610330100007").update(ended_on=D(2024, 1, 1))  # 新民街: merged away before
    cov = selectors.coverage(scope=FENGXIAN, on=D(2024, 3, 1))
    assert cov.villages == 68
    assert not {area.code for _, area in cov.uncovered} & {"610330101003", "610330100007"}
    assert selectors.coverage(scope=FENGXIAN, on=D(2024, 6, 1)).villages == 69  # 龙口 counts from its first day


def test_turnover_counts_appointments_and_leavers_in_the_year(db):
    left = TenureFactory(started_on=D(2023, 1, 1), ended_on=D(2024, 2, 1))
    TenureFactory(post=left.post, started_on=D(2024, 3, 1))
    (row,) = selectors.turnover(scope=FENGXIAN, year=2024, on=D(2024, 6, 1))
    assert (row.posts, row.held, row.appointed, row.left, row.rate_percent) == (1, 1, 1, 1, 100)


def test_another_area_sees_no_post(db):
    TenureFactory(ended_on=D(2024, 2, 29))
    assert selectors.vacancies(scope=Scope("610330101003"), on=D(2024, 3, 31)) == []
    assert not selectors.post_list(scope=Scope("5325")).exists()
