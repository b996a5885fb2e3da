"""The store counts villages from the records and adds them up the tree; quarters and years follow
from months; an incremental refresh after a write recounts only what the write touched."""

import datetime

import pytest
from django.utils import timezone

from guanai.conftest import FENGXIAN, SHUANGSHIPU, XINMINJIE
from guanai.reports.models import IndicatorValue, RefreshKind
from guanai.reports.services import store_refresh_full, store_refresh_incremental
from guanai.reports.tests.conftest import OTHER_VILLAGE, TODAY


def value(code: str, area: str, period: str) -> int:
    row = IndicatorValue.objects.filter(indicator_code=code, area_code=area, period=period).first()
    return row.numerator if row else 0


@pytest.mark.django_db
def test_full_refresh_counts_villages_and_adds_them_up(children):
    store_refresh_full(area_code=FENGXIAN, year=2026, today=TODAY)
    assert value("left_behind_child", XINMINJIE, "2026-06") == 3
    assert value("left_behind_child", OTHER_VILLAGE, "2026-06") == 1
    assert value("left_behind_child", SHUANGSHIPU, "2026-06") == 4
    assert value("left_behind_child", FENGXIAN, "2026-06") == 4
    assert value("left_behind_child", "6103", "2026-06") == 4  # ancestors above the refreshed area
    assert value("left_behind_child", FENGXIAN, "2026-01") == 3  # the one from 1 February is not yet held
    assert value("left_behind_child", FENGXIAN, "2026Q1") == 4  # a stock: the quarter's last month
    assert value("left_behind_child", FENGXIAN, "2026") == 4  # the year so far: the latest month
    assert not IndicatorValue.objects.filter(period="2026-07").exists()  # nothing after today


@pytest.mark.django_db
def test_an_ended_spell_leaves_the_count_from_its_end(children):
    spell = children[0]
    spell.ended_on = datetime.date(2026, 4, 10)
    spell.save()
    store_refresh_full(area_code=FENGXIAN, year=2026, today=TODAY)
    assert value("left_behind_child", XINMINJIE, "2026-03") == 3
    assert value("left_behind_child", XINMINJIE, "2026-04") == 2
    assert value("left_behind_child", XINMINJIE, "2026Q1") == 3
    assert value("left_behind_child", XINMINJIE, "2026Q2") == 2


@pytest.mark.django_db
def test_incremental_refresh_follows_a_write_through_its_event(children, county):
    from guanai.accounts.scoping import scope_for
    from guanai.people.services import category_manual_add, category_manual_end

    store_refresh_full(area_code=FENGXIAN, year=2026, today=timezone.localdate())
    before = value("orphan", FENGXIAN, f"{timezone.localdate():%Y-%m}")
    person = children[1].person
    spell = category_manual_add(actor=county, scope=scope_for(county), person=person, category="orphan",
                                started_on=datetime.date(2026, 1, 1), reason="测试")
    done = store_refresh_incremental()
    assert [r.kind for r in done] == [RefreshKind.INCREMENTAL] and done[0].area_code == XINMINJIE
    this_month = f"{timezone.localdate():%Y-%m}"
    assert value("orphan", FENGXIAN, this_month) == before + 1
    assert value("orphan", FENGXIAN, "2026-01") == 1  # the spell's start month was recounted too
    category_manual_end(actor=county, scope=scope_for(county), spell=spell, ended_on=timezone.localdate(),
                        reason="测试")
    store_refresh_incremental()
    assert value("orphan", FENGXIAN, this_month) == before
    assert store_refresh_incremental() == []  # nothing new since


@pytest.mark.django_db
def test_the_refresh_writes_its_own_event_without_waking_itself(children):
    from guanai.audit.models import Event

    store_refresh_full(area_code=FENGXIAN, year=2026, today=TODAY)
    assert Event.objects.filter(verb="store_refreshed", area_code=FENGXIAN).count() == 1
    assert store_refresh_incremental() == []


@pytest.mark.django_db
def test_a_write_queues_one_refresh_when_it_commits(settings, county, django_capture_on_commit_callbacks):
    from guanai.accounts.scoping import scope_for
    from guanai.people.services import category_manual_add
    from guanai.people.tests.factories import PersonFactory
    from guanai.reports.hooks import _enqueue

    settings.REPORTS_REFRESH_ON_WRITE = True
    person = PersonFactory(area_id=XINMINJIE)
    with django_capture_on_commit_callbacks() as callbacks:
        category_manual_add(actor=county, scope=scope_for(county), person=person, category="orphan",
                            started_on=timezone.localdate(), reason="测试")
    assert [c for c in callbacks if c is _enqueue] == [_enqueue]  # one, though the write made two events


@pytest.mark.django_db
def test_a_visit_recounts_only_the_visit_indicators_of_its_village(children, county):
    from guanai.audit.services import event_record
    from guanai.reports.services import store_refresh_incremental

    store_refresh_full(area_code=FENGXIAN, year=timezone.localdate().year)
    stamp = IndicatorValue.objects.get(indicator_code="left_behind_child", area_code=XINMINJIE,
                                       period=f"{timezone.localdate():%Y-%m}").computed_at
    event_record(actor=county, verb="visit_recorded", object_type="visit", object_id="0", area_code=XINMINJIE)
    store_refresh_incremental()
    untouched = IndicatorValue.objects.get(indicator_code="left_behind_child", area_code=XINMINJIE,
                                           period=f"{timezone.localdate():%Y-%m}")
    assert untouched.computed_at == stamp  # people counts were not recounted for a visit
    event_record(actor=county, verb="need_opened", object_type="need", object_id="1", area_code=XINMINJIE)
    assert [r.kind for r in store_refresh_incremental()] == [RefreshKind.INCREMENTAL]  # watermark moves on


@pytest.mark.django_db
def test_the_people_list_chips_read_the_store_once_it_holds_the_area(children, county, director):
    from guanai.accounts.scoping import Scope, scope_for
    from guanai.people.selectors import category_chip_counts
    from guanai.reports.selectors import category_counts_stored

    assert category_counts_stored(scope=scope_for(county)) is None  # nothing refreshed: the list counts
    store_refresh_full(area_code=FENGXIAN, year=timezone.localdate().year)
    IndicatorValue.objects.filter(indicator_code="left_behind_child", area_code=FENGXIAN).update(numerator=40)
    assert category_counts_stored(scope=scope_for(county))["left_behind_child"] == 40  # read, not recounted
    assert category_chip_counts(scope=scope_for(county)) == ({"left_behind_child": 40}, set())
    assert category_counts_stored(scope=scope_for(director)) == {"left_behind_child": 3}
    assert category_counts_stored(scope=Scope("")) is None  # the whole installation is no one area
    assert category_counts_stored(scope=Scope(FENGXIAN, assigned_to=county.pk)) is None  # a caseload


def _snapshot() -> set[tuple]:
    return set(IndicatorValue.objects.values_list("indicator_code", "area_code", "period", "numerator", "denominator"))


@pytest.mark.django_db
def test_an_incremental_refresh_leaves_the_store_as_a_full_refresh_would(children, county):
    from guanai.accounts.scoping import scope_for
    from guanai.people.services import category_manual_add

    today = timezone.localdate()
    store_refresh_full(area_code=FENGXIAN, year=today.year)
    category_manual_add(actor=county, scope=scope_for(county), person=children[1].person, category="orphan",
                        started_on=datetime.date(today.year, 1, 1), reason="测试")
    category_manual_add(actor=county, scope=scope_for(county), person=children[3].person, category="orphan",
                        started_on=today, reason="测试")
    done = store_refresh_incremental()
    assert sorted(r.area_code for r in done) == sorted([XINMINJIE, OTHER_VILLAGE])
    after_incremental = _snapshot()
    assert ("orphan", "61", f"{today.year}", 2, None) in after_incremental  # the province moved by the change
    store_refresh_full(area_code=FENGXIAN, year=today.year)
    assert _snapshot() == after_incremental


@pytest.mark.django_db
def test_an_area_refreshed_twice_does_not_count_twice_in_its_ancestors(children):
    store_refresh_full(area_code=SHUANGSHIPU, year=2026, today=TODAY)
    store_refresh_full(area_code=SHUANGSHIPU, year=2026, today=TODAY)
    store_refresh_full(area_code=XINMINJIE, year=2026, today=TODAY)
    assert value("left_behind_child", SHUANGSHIPU, "2026-06") == 4
    assert value("left_behind_child", "61", "2026-06") == 4
    assert value("left_behind_child", "61", "2026Q2") == 4


@pytest.mark.django_db
def test_a_death_recorded_late_moves_the_past_years_counts_after_the_incremental_refresh(county):
    # A death recorded today for someone who died two years ago: the person's categories and follow-up end
    # on the day of death, and the events say so, so the incremental refresh (no `guanai report refresh`)
    # recounts every month since and the past year's figures drop by one.
    from guanai.accounts.scoping import scope_for
    from guanai.people.models import Person
    from guanai.people.schemas import PersonIn
    from guanai.people.services import person_update
    from guanai.people.spells import categories_recompute
    from guanai.people.tests.factories import PersonFactory
    from guanai.visits.followups import followups_sync

    today = timezone.localdate()
    died_on = datetime.date(today.year - 2, today.month, min(today.day, 28))
    last_year, before_death = str(today.year - 1), f"{datetime.date(died_on.year, 1, 1) - datetime.timedelta(1):%Y-%m}"
    elder = PersonFactory(area_id=XINMINJIE, birth_date=datetime.date(1940, 1, 1), living_arrangement="alone")
    categories_recompute(person_ids=[elder.pk], on=datetime.date(today.year - 3, 1, 1))
    followups_sync(on=datetime.date(today.year - 3, 1, 1), person_ids=[elder.pk])
    for year in range(today.year - 3, today.year + 1):
        store_refresh_full(area_code=FENGXIAN, year=year)
    assert value("living_alone", FENGXIAN, last_year) == 1
    assert IndicatorValue.objects.get(indicator_code="elder_visit_rate", area_code=XINMINJIE,
                                      period=last_year).denominator == 12  # followed every month
    elder = Person.objects.get(pk=elder.pk)
    person_update(actor=county, scope=scope_for(county), person=elder,
                  data=PersonIn(area_code=XINMINJIE, name=elder.name, sex=elder.sex, birth_date=elder.birth_date,
                                died_on=died_on))
    followups_sync(on=today, person_ids=[elder.pk])  # the daily sync stops following the dead
    store_refresh_incremental()
    assert value("living_alone", FENGXIAN, last_year) == 0
    assert value("living_alone", "6103", last_year) == 0  # and up the tree
    assert value("living_alone", FENGXIAN, f"{died_on:%Y-%m}") == 0  # ended on the day of death
    assert value("living_alone", FENGXIAN, before_death) == 1  # alive then: unchanged
    assert value("elder_visit_rate", XINMINJIE, last_year) == 0
    assert not IndicatorValue.objects.filter(indicator_code="elder_visit_rate", area_code=XINMINJIE,
                                             period=last_year).exists()  # nobody to visit after the death
    assert IndicatorValue.objects.get(indicator_code="elder_visit_rate", area_code=XINMINJIE,
                                      period=f"{died_on:%Y-%m}").denominator == 1  # the month of death still
