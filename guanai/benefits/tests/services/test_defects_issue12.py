"""The payment defects of issue 12, one test each (each failed on the code before the fix)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from guanai.accounts.scoping import scope_for
from guanai.benefits import rules, services
from guanai.benefits.models import (
    Adjustment,
    Assistance,
    ExclusionKind,
    Payment,
    PriceTrigger,
    RosterExclusion,
    StopKind,
    Variant,
)
from guanai.benefits.months import month_start, next_month
from guanai.benefits.roster_build import roster_build
from guanai.benefits.tests.factories import EnrollmentFactory, PersonFactory, RosterFactory, programme
from guanai.people.models import CategorySpell, Household, Relationship

D = datetime.date
pytestmark = pytest.mark.django_db


def build(code: str, month: datetime.date):
    return roster_build(roster_id=RosterFactory(programme=programme(code), month=month).pk)


def paid(code: str, month: datetime.date) -> list[Payment]:
    return list(Payment.objects.filter(roster__programme_id=code, month=month).order_by("pk"))


def test_an_orphan_also_recorded_as_de_facto_orphan_is_paid_once(standards):
    child = PersonFactory(birth_date=D(2012, 1, 1))
    EnrollmentFactory(person=child, programme=programme("orphan_allowance"))
    EnrollmentFactory(person=child, programme=programme("de_facto_orphan_allowance"))
    build("orphan_allowance", D(2022, 3, 1))
    de_facto = build("de_facto_orphan_allowance", D(2022, 3, 1))
    assert len(paid("orphan_allowance", D(2022, 3, 1))) == 1
    assert paid("de_facto_orphan_allowance", D(2022, 3, 1)) == []
    left_out = RosterExclusion.objects.get(roster=de_facto)
    assert left_out.kind == ExclusionKind.EXCLUDED and "孤儿基本生活费" in left_out.reason


def test_the_second_application_is_refused_by_name(standards, director):
    child = PersonFactory(birth_date=D(2012, 1, 1))
    EnrollmentFactory(person=child, programme=programme("orphan_allowance"))
    CategorySpell.objects.create(person=child, category="de_facto_orphan", started_on=D(2020, 1, 1), reason="测试")
    app = services.Application(programme_code="de_facto_orphan_allowance", payee_name="王监护")
    with pytest.raises(services.NotEligible, match="孤儿基本生活费"):
        services.enrollment_apply(actor=director, scope=scope_for(director), person=child, application=app)


def test_tekun_recorded_after_approval_stops_the_orphan_allowance(standards):
    e = EnrollmentFactory()
    Assistance.objects.create(kind="tekun", person=e.person, area_id=e.area_id, monthly_fen=90_000,
                              first_month=D(2022, 5, 1))
    assert len(paid("orphan_allowance", build("orphan_allowance", D(2022, 4, 1)).month)) == 1
    may = build("orphan_allowance", D(2022, 5, 1))
    assert paid("orphan_allowance", D(2022, 5, 1)) == []
    assert "特困" in RosterExclusion.objects.get(roster=may).reason


def test_the_tekun_flag_set_after_approval_stops_from_the_next_month(standards):
    e = EnrollmentFactory()
    e.person.tekun = True
    e.person.save()
    this_month = month_start(timezone.localdate())
    assert len(paid("orphan_allowance", build("orphan_allowance", this_month).month)) == 1
    build("orphan_allowance", next_month(this_month))
    assert paid("orphan_allowance", next_month(this_month)) == []


def test_de_facto_orphan_in_a_dibao_household_gets_the_difference_with_the_arithmetic(standards):
    home = Household.objects.create(area_id="610330100001")
    child = PersonFactory(household=home)
    Assistance.objects.create(kind="dibao", household=home, area_id=home.area_id, monthly_fen=87_000, members=3,
                              first_month=D(2022, 1, 1))
    EnrollmentFactory(person=child, programme=programme("de_facto_orphan_allowance"))
    build("de_facto_orphan_allowance", D(2022, 8, 1))
    line = paid("de_facto_orphan_allowance", D(2022, 8, 1))[0]
    assert line.amount_fen == 75_000 - 29_000
    assert "标准750.00元 − 低保290.00元" in line.change_reason and "= 460.00元" in line.change_reason
    assert rules.line_amount(line.basis) == line.amount_fen


def test_a_dibao_household_with_no_amount_holds_the_line(standards):
    home = Household.objects.create(area_id="610330100001")
    child = PersonFactory(household=home)
    PersonFactory(household=home, dibao=True, name="王大")
    EnrollmentFactory(person=child, programme=programme("de_facto_orphan_allowance"))
    roster = build("de_facto_orphan_allowance", D(2022, 8, 1))
    assert paid("de_facto_orphan_allowance", D(2022, 8, 1)) == []
    held = RosterExclusion.objects.get(roster=roster)
    assert held.kind == ExclusionKind.HELD and "王大" in held.reason


def _orphan_with_parents(*, died: datetime.date):
    child = PersonFactory(birth_date=D(2012, 1, 1))
    parents = [PersonFactory(birth_date=D(1985, 1, 1), died_on=died, death_evidence="死亡证明") for _ in range(2)]
    for parent in parents:
        Relationship.objects.create(person=child, relative=parent, kind="parent")
    return child, parents


def test_a_parent_found_alive_through_an_edit_of_the_facts_stops_from_the_current_month(standards):
    today = timezone.localdate()
    child, parents = _orphan_with_parents(died=D(2019, 5, 1))
    e = EnrollmentFactory(person=child, category=False)
    spell = CategorySpell.objects.create(person=child, category="orphan", started_on=D(2020, 1, 1), reason="双亡")
    parents[0].died_on = None  # the father turns up alive: corrected on the person page
    parents[0].save()
    spell.ended_on, spell.end_reason = today, "不再符合：父亲在世"
    spell.save()
    build("orphan_allowance", month_start(today))
    assert paid("orphan_allowance", month_start(today)) == []
    assert e.stops.get().kind == StopKind.PARENT_FOUND


def test_approval_needs_the_evidence_named(standards, director, supervisor, county):
    child = PersonFactory(birth_date=D(2012, 1, 1))
    father = PersonFactory(birth_date=D(1985, 1, 1), custody_type="imprisoned", custody_since=D(2021, 6, 1),
                           custody_term_months=36)
    mother = PersonFactory(birth_date=D(1986, 1, 1), died_on=D(2020, 1, 1), death_evidence="死亡证明")
    for parent in (father, mother):
        Relationship.objects.create(person=child, relative=parent, kind="parent")
    CategorySpell.objects.create(person=child, category="de_facto_orphan", started_on=D(2021, 7, 1), reason="父服刑")
    at = datetime.datetime(2022, 3, 15, 2, tzinfo=datetime.UTC)
    app = services.Application(programme_code="de_facto_orphan_allowance", payee_name="王监护")
    e = services.enrollment_apply(actor=director, scope=scope_for(director), person=child, application=app, at=at)
    e = services.enrollment_review(actor=supervisor, scope=scope_for(supervisor), enrollment=e, at=at)
    with pytest.raises(services.NotEligible, match="判决书"):
        services.enrollment_approve(actor=county, scope=scope_for(county), enrollment=e, at=at)
    father.custody_evidence = "(2021)陕0330刑初1号"
    father.save()
    assert services.enrollment_approve(actor=county, scope=scope_for(county), enrollment=e, at=at).starts_on


def test_price_subsidy_covers_youfu_and_the_temporary_groups(standards, director):
    veteran = PersonFactory(birth_date=D(1950, 1, 1))
    Assistance.objects.create(kind="youfu", person=veteran, area_id=veteran.area_id, first_month=D(2021, 1, 1))
    app = services.Application(programme_code="price_subsidy", payee_name="本人")
    at = datetime.datetime(2022, 9, 15, 2, tzinfo=datetime.UTC)
    e = services.enrollment_apply(actor=director, scope=scope_for(director), person=veteran, application=app, at=at)
    assert e.variant == Variant.URBAN
    edge = PersonFactory(birth_date=D(1960, 1, 1))
    Assistance.objects.create(kind="dibao_edge", person=edge, area_id=edge.area_id, first_month=D(2021, 1, 1))
    app = services.Application(programme_code="price_subsidy", payee_name="本人")
    assert services.enrollment_apply(actor=director, scope=scope_for(director), person=edge, application=app, at=at)
    late = datetime.datetime(2023, 6, 15, 2, tzinfo=datetime.UTC)  # the temporary extension is over
    other = PersonFactory(birth_date=D(1961, 1, 1))
    Assistance.objects.create(kind="dibao_edge", person=other, area_id=other.area_id, first_month=D(2021, 1, 1))
    with pytest.raises(services.NotEligible):
        services.enrollment_apply(actor=director, scope=scope_for(director), person=other, application=app, at=late)


def test_a_local_price_threshold_cannot_be_above_the_national(db):
    from decimal import Decimal

    higher = PriceTrigger(area_id="610330", cpi_threshold=Decimal("4.0"), food_cpi_threshold=Decimal("6.0"),
                          effective_from=D(2023, 6, 1), source="县文件")
    with pytest.raises(ValidationError, match="高于全国"):
        higher.full_clean()
    lower = PriceTrigger(area_id="610330", cpi_threshold=Decimal("3.0"), food_cpi_threshold=Decimal("5.0"),
                         effective_from=D(2023, 6, 1), source="县文件")
    lower.full_clean()


def test_money_text_never_passes_through_a_float():
    huge = 9_007_199_254_740_993  # 2**53 + 1 fen: a float loses the last fen
    assert str(Adjustment(month=D(2022, 1, 1), amount_fen=huge, reason="测试")).startswith(
        "2022-01 +90,071,992,547,409.93元")
    amount, text = rules.top_up_arithmetic(huge, ())
    assert amount == huge and text.endswith("90,071,992,547,409.93元")


def test_every_line_says_why_and_recomputes_to_its_amount(standards):
    EnrollmentFactory()
    roster = build("orphan_allowance", D(2022, 7, 1))
    line = Payment.objects.get(roster=roster)
    assert line.rule_version == rules.RULES_VERSION
    assert line.basis["standard_fen"] == 75_000 and line.basis["categories"] == ["orphan"]
    assert rules.line_amount(line.basis) == line.amount_fen == 75_000
    assert "标准750.00元/月（散居）" in rules.line_why(line.basis, line.rule_version)
