"""Done-when of issue 14: the demo's reports state the seed figures the records hold, and a change to
one record moves the regenerated report's figure by one. 凤县 and 红河州 are loaded at a small scale
(the orphans, de facto orphans and their payments are built whole at any scale)."""

import datetime
import io

import docx
import pytest
from django.utils import timezone

from guanai.accounts.scoping import scope_for
from guanai.areas.models import Area
from guanai.demo.benefits import demo_benefits_load
from guanai.demo.figures import FENGXIAN, HONGHE
from guanai.demo.people import demo_people_load
from guanai.demo.staff import demo_staff_ensure
from guanai.people.models import Category, CategorySpell, Person, Relationship, RelationshipKind
from guanai.people.schemas import PersonIn
from guanai.people.services import person_update
from guanai.reports.documents import default_template, document_render
from guanai.reports.figures import report_figures
from guanai.reports.models import TemplateKind
from guanai.reports.services import store_refresh_full, store_refresh_incremental

ON = datetime.date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            demo_staff_ensure()
            demo_people_load(on=ON, areas=(FENGXIAN, HONGHE), scale=0.02)
            demo_benefits_load()
            today = timezone.localdate()
            for year in (2022, today.year):
                store_refresh_full(area_code=FENGXIAN, year=year)
            store_refresh_full(area_code=HONGHE, year=today.year)
            yield
            transaction.set_rollback(True)


def report_text(area_code: str, year: int, kind: str = TemplateKind.ANNUAL) -> str:
    figures = report_figures(area=Area.objects.get(code=area_code), year=year, today=timezone.localdate())
    content = document_render(template=default_template(kind), figures=figures, today=timezone.localdate())
    document = docx.Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.django_db
def test_fengxian_2022_report_states_the_seed_money(demo):
    text = report_text(FENGXIAN, 2022)
    assert "为孤儿发放基本生活费19750元（3人），监护人劳务补助8100元，孤儿价格临时补贴180元" in text
    assert "发放事实无人抚养儿童生活补贴67321元，价格临时补贴180元" in text
    assert "孤儿数" in text and "orphan_allowance_fen (v1)" in text  # the footnote table


@pytest.mark.django_db
def test_honghe_report_states_the_counts_the_records_hold(demo):
    # The demo's categories start when their facts began (demo/spellstarts.py): the reply counts the
    # people holding each category on the day it says its counts stand on.
    as_of = report_figures(area=Area.objects.get(code=HONGHE), year=2021, today=timezone.localdate()).as_of
    open_then = CategorySpell.objects.filter(started_on__lte=as_of, person__area__code__startswith=HONGHE).exclude(
        ended_on__lte=as_of)
    held = {c: open_then.filter(category=c).values("person").distinct().count()
            for c in (Category.LEFT_BEHIND_ELDER, Category.EMPTY_NEST_ELDER, Category.LEFT_BEHIND_CHILD)}
    assert all(held.values())
    text = report_text(HONGHE, 2021, TemplateKind.REPLY)
    assert (f"登记农村留守老年人{held['left_behind_elder']}人，城市空巢老年人{held['empty_nest_elder']}人，"
            f"农村留守儿童{held['left_behind_child']}人") in text
    # The registry began after 2021: the reply says which day its counts stand on instead of printing zeros.
    assert "2021年末的在册人数无记录" in text


@pytest.mark.django_db
def test_one_record_changed_moves_the_report_by_one(demo):
    from guanai.accounts.models import User
    from guanai.accounts.roles import Role

    year = timezone.localdate().year
    before = report_figures(area=Area.objects.get(code=FENGXIAN), year=year, today=timezone.localdate())
    count = before.figures["left_behind_child"].numerator
    # A father of exactly one left-behind child (both parents away) comes home to work.
    father = next(f for f in _away_fathers_of_one_child())
    officer = User.objects.create(username="report-officer", role=Role.COUNTY_OFFICER, area_id=FENGXIAN)
    person_update(actor=officer, scope=scope_for(officer), person=father,
                  data=PersonIn.model_validate({"area_code": father.area_id, "name": father.name,
                                                "sex": father.sex, "birth_date": father.birth_date,
                                                "is_migrant_worker": False, "away_scope": ""}))
    store_refresh_incremental()
    after = report_figures(area=Area.objects.get(code=FENGXIAN), year=year, today=timezone.localdate())
    assert after.figures["left_behind_child"].numerator == count - 1
    assert f"农村留守儿童{count - 1}人" in report_text(FENGXIAN, year)


def _away_fathers_of_one_child():
    held = CategorySpell.objects.filter(category=Category.LEFT_BEHIND_CHILD, ended_on__isnull=True,
                                        person__area__code__startswith=FENGXIAN).values("person")
    links = Relationship.objects.filter(kind=RelationshipKind.PARENT, person__in=held, ended_on__isnull=True,
                                        relative__sex="male", relative__is_migrant_worker=True)
    by_father: dict[int, list[int]] = {}
    for child, father in links.values_list("person_id", "relative_id"):
        by_father.setdefault(father, []).append(child)
    for father_id, kids in sorted(by_father.items()):
        all_kids = Relationship.objects.filter(kind=RelationshipKind.PARENT, relative_id=father_id).count()
        mother_away = Relationship.objects.filter(kind=RelationshipKind.PARENT, person_id=kids[0],
                                                  relative__sex="female", relative__is_migrant_worker=True).exists()
        if len(kids) == 1 and all_kids == 1 and mother_away:
            yield Person.objects.get(pk=father_id)
