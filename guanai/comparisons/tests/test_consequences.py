"""Each branch of the dibao, disability and school rules (comparisons/rules.py), and what accepting
its flag does through the domain services (comparisons/consequences.py)."""

import datetime

import pytest
from django.utils import timezone

from guanai.accounts.scoping import scope_for
from guanai.audit.models import Event
from guanai.benefits.models import Enrollment
from guanai.benefits.tests.factories import EnrollmentFactory
from guanai.comparisons import services
from guanai.comparisons.models import Flag
from guanai.people import idcipher
from guanai.people.models import CategorySpell
from guanai.people.tests.factories import PersonFactory, id_number_make
from guanai.visits.followups import followups_sync
from guanai.visits.models import FollowUp

pytestmark = pytest.mark.django_db


def _number(person):
    return idcipher.decrypt(person.id_number_cipher)


def _run(county, tmp_path, source, header, lines):
    path = tmp_path / f"{source}.csv"
    path.write_text(header + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return services.comparison_run(actor=county, scope=scope_for(county), source=source, path=path)


def _accept(county, flag):
    return services.flag_decide(actor=county, scope=scope_for(county), flag=flag, accept=True)


# dibao -------------------------------------------------------------------------------------------

def test_dibao_started_records_dibao(county, tmp_path):
    person = PersonFactory(id_number=id_number_make(birth_date=datetime.date(1950, 1, 1)), dibao=False)
    run = _run(county, tmp_path, "dibao", "身份证号,姓名,月保障金额", [f"{_number(person)},某某,450"])
    flag = Flag.objects.get(run=run)
    assert flag.kind == "dibao_started" and run.flags == 1
    _accept(county, flag)
    person.refresh_from_db()
    assert person.dibao


def test_dibao_already_recorded_and_no_top_up_raises_nothing(county, tmp_path):
    person = PersonFactory(id_number=id_number_make(birth_date=datetime.date(1950, 1, 1)), dibao=True)
    run = _run(county, tmp_path, "dibao", "身份证号,姓名,月保障金额", [f"{_number(person)},某某,450"])
    assert run.matched == 1 and run.flags == 0


def test_dibao_amount_changed_recomputes_the_top_up(county, tmp_path):
    person = PersonFactory(id_number=id_number_make(birth_date=datetime.date(2013, 4, 5)), dibao=True)
    enrollment = EnrollmentFactory(person=person, other_benefit="dibao", other_benefit_fen=40_000)
    run = _run(county, tmp_path, "dibao", "身份证号,姓名,月保障金额", [f"{_number(person)},某某,520.50"])
    flag = Flag.objects.get(run=run)
    assert flag.kind == "dibao_amount" and "520.50" in flag.proposal and "400.00" in flag.proposal
    _accept(county, flag)
    assert Enrollment.objects.get(pk=enrollment.pk).other_benefit_fen == 52_050


def test_dibao_same_amount_raises_nothing(county, tmp_path):
    person = PersonFactory(id_number=id_number_make(birth_date=datetime.date(2013, 4, 5)), dibao=True)
    EnrollmentFactory(person=person, other_benefit="dibao", other_benefit_fen=45_000)
    run = _run(county, tmp_path, "dibao", "身份证号,姓名,月保障金额", [f"{_number(person)},某某,450"])
    assert run.flags == 0


# disability --------------------------------------------------------------------------------------

def test_disability_grade_changed_updates_the_person(county, tmp_path):
    person = PersonFactory(id_number=id_number_make(birth_date=datetime.date(1948, 1, 1)), disability_grade=3,
                           disability_type="physical")
    run = _run(county, tmp_path, "disability", "身份证号,姓名,残疾等级,残疾类别,残疾人证号",
               [f"{_number(person)},某某,一级,视力残疾,61033019480101123411"])
    flag = Flag.objects.get(run=run)
    assert flag.kind == "disability_changed"
    _accept(county, flag)
    person.refresh_from_db()
    assert (person.disability_grade, person.disability_type) == (1, "visual")
    assert person.disability_certificate_no == "61033019480101123411"


def test_disability_type_alone_changed_is_a_flag(county, tmp_path):
    person = PersonFactory(id_number=id_number_make(birth_date=datetime.date(1948, 1, 1)), disability_grade=2,
                           disability_type="physical")
    run = _run(county, tmp_path, "disability", "身份证号,姓名,残疾等级,残疾类别", [f"{_number(person)},某某,二级,智力"])
    assert Flag.objects.get(run=run).kind == "disability_changed"


def test_disability_unchanged_raises_nothing(county, tmp_path):
    person = PersonFactory(id_number=id_number_make(birth_date=datetime.date(1948, 1, 1)), disability_grade=2,
                           disability_type="physical")
    run = _run(county, tmp_path, "disability", "身份证号,姓名,残疾等级,残疾类别", [f"{_number(person)},某某,2级,肢体"])
    assert run.matched == 1 and run.flags == 0


# school ------------------------------------------------------------------------------------------

def _followed_child(born, **fields):
    child = PersonFactory(id_number=id_number_make(birth_date=born), birth_date=born, risk_level="medium", **fields)
    CategorySpell.objects.create(person=child, category="left_behind_child", started_on=datetime.date(2024, 1, 1),
                                 reason="父母外出")
    followups_sync(on=timezone.localdate(), person_ids=[child.pk])
    return child


def test_a_school_age_child_missing_from_the_school_list_gets_a_visit(county, tmp_path):
    today = timezone.localdate()
    enrolled = _followed_child(datetime.date(today.year - 9, 3, 1), name="在校生")
    missing = _followed_child(datetime.date(today.year - 10, 3, 1), name="未见在校")
    _followed_child(datetime.date(today.year - 3, 3, 1), name="学龄前")  # too young: no flag
    _followed_child(datetime.date(today.year - 10, 5, 1), name="已迁出", moved_out_on=datetime.date(2026, 1, 1))
    run = _run(county, tmp_path, "school", "身份证号,姓名,学校", [f"{_number(enrolled)},在校生,凤州镇中心小学"])
    flags = Flag.objects.filter(run=run)
    assert [(f.kind, f.person_id) for f in flags] == [("no_enrolment", missing.pk)]
    _accept(county, flags.get())
    follow_up = FollowUp.objects.get(person=missing)
    assert follow_up.next_due_on <= today and follow_up.contact_due_on <= today
    assert "学龄儿童" in Event.objects.get(verb="followup_due_now", object_id=str(missing.pk)).data["reason"]


def test_everyone_on_the_school_list_raises_nothing(county, tmp_path):
    today = timezone.localdate()
    child = _followed_child(datetime.date(today.year - 9, 3, 1))
    run = _run(county, tmp_path, "school", "身份证号,姓名,学校", [f"{_number(child)},某某,凤州镇中心小学"])
    assert run.matched == 1 and run.flags == 0


def test_a_school_list_compared_on_29_february_finds_the_school_age_children(county, tmp_path):
    leap_day = datetime.date(2028, 2, 29)  # the years of the age bounds have no 29 February
    missing = _followed_child(datetime.date(2018, 2, 28), name="未见在校")  # ten that day
    _followed_child(datetime.date(2022, 3, 1), name="学龄前")  # five: too young
    enrolled = _followed_child(datetime.date(2019, 6, 1), name="在校生")
    path = tmp_path / "school.csv"
    path.write_text(f"身份证号,姓名,学校\n{_number(enrolled)},在校生,凤州镇中心小学\n", encoding="utf-8")
    run = services.comparison_run(actor=county, scope=scope_for(county), source="school", path=path, on=leap_day)
    flag = Flag.objects.get(run=run)
    assert flag.person_id == missing.pk and flag.facts == {"school_year": 2027}
