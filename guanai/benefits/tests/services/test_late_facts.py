"""Facts recorded late for months already locked (late_facts.py): the next roster build corrects each
locked month by an adjustment line with its arithmetic, never the locked roster. One test per branch."""

import datetime

import pytest
from django.urls import reverse

from guanai.accounts.scoping import scope_for
from guanai.benefits import rules, services
from guanai.benefits.models import (
    Adjustment,
    AdjustmentCause,
    Assistance,
    ExclusionKind,
    Payment,
    PaymentKind,
    Roster,
    RosterExclusion,
)
from guanai.benefits.roster_build import roster_build
from guanai.benefits.tests.factories import EnrollmentFactory, PersonFactory, RosterFactory, programme
from guanai.people.models import Household

D = datetime.date
pytestmark = pytest.mark.django_db
ORPHAN, DE_FACTO = "orphan_allowance", "de_facto_orphan_allowance"


def build(code: str, month: datetime.date) -> Roster:
    roster = Roster.objects.filter(programme_id=code, area_id="610330", month=month).first() \
        or RosterFactory(programme=programme(code), month=month)
    return roster_build(roster_id=roster.pk)


def build_and_lock(code: str, months: list[datetime.date], county) -> list[Roster]:
    return [services.roster_lock(actor=county, scope=scope_for(county), roster=build(code, m)) for m in months]


def snapshot(rosters: list[Roster]) -> list[tuple]:
    return [(r.pk, r.line_count, r.total_fen, sorted(Payment.objects.filter(roster=r).values_list("pk", "amount_fen")))
            for r in Roster.objects.filter(pk__in=[r.pk for r in rosters]).order_by("pk")]


def adjustment_lines(roster: Roster) -> list[Payment]:
    return list(Payment.objects.filter(roster=roster, kind=PaymentKind.ADJUSTMENT).order_by("month", "pk"))


def test_tekun_recorded_late_recovers_each_locked_month_it_covers(standards, county):
    e = EnrollmentFactory(programme=programme(ORPHAN))
    locked = build_and_lock(ORPHAN, [D(2022, 1, 1), D(2022, 2, 1), D(2022, 3, 1)], county)
    before = snapshot(locked)
    Assistance.objects.create(kind="tekun", person=e.person, area_id=e.area_id, first_month=D(2022, 2, 1))
    april = build(ORPHAN, D(2022, 4, 1))
    lines = adjustment_lines(april)
    assert [(line.basis["month"], line.amount_fen) for line in lines] == [("2022-02", -70_000), ("2022-03", -70_000)]
    assert "特困" in lines[0].change_reason and "已发700.00元，应发0.00元，追回700.00元" in lines[0].change_reason
    assert all(rules.line_amount(line.basis) == line.amount_fen for line in lines)
    assert "追回700.00元" in rules.line_why(lines[0].basis, lines[0].rule_version)
    assert not Payment.objects.filter(roster=april, kind=PaymentKind.REGULAR).exists()  # April itself left out
    assert snapshot(locked) == before  # the locked rosters never change
    assert april.total_fen == -140_000


def test_a_household_dibao_recorded_late_recovers_the_difference_with_the_arithmetic(standards, county):
    home = Household.objects.create(area_id="610330100007")
    child = PersonFactory(household=home)
    EnrollmentFactory(person=child, programme=programme(DE_FACTO))
    build_and_lock(DE_FACTO, [D(2022, 7, 1), D(2022, 8, 1)], county)
    Assistance.objects.create(kind="dibao", household=home, area_id=home.area_id, monthly_fen=87_000, members=3,
                              first_month=D(2022, 8, 1))
    line, = adjustment_lines(build(DE_FACTO, D(2022, 9, 1)))
    assert line.basis["month"] == "2022-08" and line.amount_fen == -29_000
    assert "标准750.00元 − 低保290.00元" in line.change_reason and "追回290.00元" in line.change_reason
    assert rules.line_amount(line.basis) == -29_000


def test_a_dibao_ended_earlier_than_recorded_pays_the_difference_back(standards, county):
    child = PersonFactory()
    dibao = Assistance.objects.create(kind="dibao", person=child, area_id=child.area_id, monthly_fen=20_000,
                                      first_month=D(2022, 1, 1))
    EnrollmentFactory(person=child, programme=programme(DE_FACTO))
    build_and_lock(DE_FACTO, [D(2022, 7, 1), D(2022, 8, 1)], county)
    services.assistance_end(actor=county, scope=scope_for(county), assistance=dibao, last_month=D(2022, 7, 1),
                            reason="8月起已退出低保，补录")
    line, = adjustment_lines(build(DE_FACTO, D(2022, 9, 1)))
    assert (line.basis["month"], line.amount_fen) == ("2022-08", 20_000)
    assert "已发550.00元，应发750.00元，补发200.00元" in line.change_reason


def test_a_month_held_for_a_missing_amount_is_paid_when_the_amount_is_entered(standards, county):
    child = PersonFactory()
    dibao = Assistance.objects.create(kind="dibao", person=child, area_id=child.area_id, first_month=D(2022, 1, 1))
    EnrollmentFactory(person=child, programme=programme(DE_FACTO))
    july, = build_and_lock(DE_FACTO, [D(2022, 7, 1)], county)
    assert RosterExclusion.objects.get(roster=july).kind == ExclusionKind.HELD
    assert adjustment_lines(build(DE_FACTO, D(2022, 8, 1))) == []  # still no amount: nothing computed
    dibao.monthly_fen = 30_000
    dibao.save()
    line, = adjustment_lines(build(DE_FACTO, D(2022, 8, 1)))
    assert (line.basis["month"], line.amount_fen) == ("2022-07", 45_000)


def test_rebuilding_is_idempotent_and_a_settled_correction_is_not_made_twice(standards, county):
    e = EnrollmentFactory(programme=programme(ORPHAN))
    build_and_lock(ORPHAN, [D(2022, 1, 1)], county)
    Assistance.objects.create(kind="tekun", person=e.person, area_id=e.area_id, first_month=D(2022, 1, 1))
    build(ORPHAN, D(2022, 2, 1))
    february = build(ORPHAN, D(2022, 2, 1))  # rebuilt while unlocked
    assert [p.amount_fen for p in adjustment_lines(february)] == [-70_000]
    assert Adjustment.objects.filter(cause=AdjustmentCause.RECHECK).count() == 1
    services.roster_lock(actor=county, scope=scope_for(county), roster=february)
    assert adjustment_lines(build(ORPHAN, D(2022, 3, 1))) == []


def test_a_status_known_when_the_month_was_built_changes_nothing(standards, county):
    e = EnrollmentFactory(programme=programme(ORPHAN))
    Assistance.objects.create(kind="tekun", person=e.person, area_id=e.area_id, first_month=D(2022, 3, 1))
    build_and_lock(ORPHAN, [D(2022, 1, 1), D(2022, 2, 1), D(2022, 3, 1)], county)
    assert adjustment_lines(build(ORPHAN, D(2022, 4, 1))) == []


def test_months_from_a_stop_on_are_left_to_the_stop_recovery(standards, county):
    e = EnrollmentFactory(programme=programme(ORPHAN))
    build_and_lock(ORPHAN, [D(2022, 1, 1), D(2022, 2, 1), D(2022, 3, 1)], county)
    e.person.died_on = D(2022, 2, 10)  # death reported late: March is recovered by the stop
    e.person.save()
    Assistance.objects.create(kind="tekun", person=e.person, area_id=e.area_id, first_month=D(2022, 2, 1))
    april = build(ORPHAN, D(2022, 4, 1))
    assert sorted((p.basis["month"], p.amount_fen) for p in adjustment_lines(april)) == [
        ("2022-02", -70_000), ("2022-03", -70_000)]  # February by the re-check, March by the stop, once each
    assert Adjustment.objects.get(month=D(2022, 3, 1)).cause == AdjustmentCause.STOP


def test_a_county_correction_already_made_is_not_recovered_again(standards, county):
    e = EnrollmentFactory(programme=programme(ORPHAN))
    build_and_lock(ORPHAN, [D(2022, 1, 1)], county)
    Assistance.objects.create(kind="tekun", person=e.person, area_id=e.area_id, first_month=D(2022, 1, 1))
    services.adjustment_create(actor=county, scope=scope_for(county), enrollment=e, month=D(2022, 1, 1),
                               amount_fen=-70_000, reason="特困供养重复，追回1月")
    lines = adjustment_lines(build(ORPHAN, D(2022, 2, 1)))
    assert [(p.amount_fen, p.change_reason) for p in lines] == [(-70_000, "特困供养重复，追回1月")]


def test_the_county_sees_the_correction_on_the_payments_audit(client, standards, county):
    e = EnrollmentFactory(programme=programme(ORPHAN), person=PersonFactory(name="钱补录"))
    build_and_lock(ORPHAN, [D(2022, 1, 1)], county)
    Assistance.objects.create(kind="tekun", person=e.person, area_id=e.area_id, first_month=D(2022, 1, 1))
    build(ORPHAN, D(2022, 2, 1))
    client.force_login(county)
    text = client.get(reverse("benefits:payments_audit") + "?month=2022-02").content.decode()
    assert "钱补录" in text and "2022-01已发700.00元，应发0.00元，追回700.00元" in text
    body = b"".join(client.get(reverse("benefits:payments_audit_export") + "?month=2022-02")
                    .streaming_content).decode()
    assert "钱补录" in body and "-700.00" in body and "调整（追回/补发）" in body
