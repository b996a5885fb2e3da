"""The demo's 2022 totals for 凤县 equal the seed's figures (凤民政函〔2023〕27号), summed from its
payment lines. Only 凤县 is loaded, at a small scale: orphans and de facto orphans are named cases
built whole at any scale, so the benefit data is the demo's own."""

import datetime

import pytest

from guanai.accounts.scoping import Scope
from guanai.benefits.models import Payment, Roster, RosterStatus
from guanai.benefits.selectors import payment_totals
from guanai.demo.benefits import demo_benefits_load
from guanai.demo.figures import FENGXIAN
from guanai.demo.people import demo_people_load
from guanai.demo.staff import demo_staff_ensure

ON = datetime.date(2026, 11, 23)
SEED_2022_YUAN = {
    "orphan_allowance": 19_750,
    "guardian_care_subsidy": 8_100,
    "de_facto_orphan_allowance": 67_321,
}
PRICE_SUBSIDY_YUAN = {"orphan": 180, "de_facto_orphan": 180}


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            demo_staff_ensure()
            demo_people_load(on=ON, areas=(FENGXIAN,), scale=0.02)
            result = demo_benefits_load(through=ON)
            yield result
            transaction.set_rollback(True)


@pytest.mark.django_db
def test_fengxian_2022_totals_equal_the_seed(loaded):
    assert not loaded.skipped
    totals = {t.programme: t.total_fen for t in payment_totals(scope=Scope(""), year=2022, area_code=FENGXIAN)}
    for code, yuan in SEED_2022_YUAN.items():
        assert totals[code] == yuan * 100, code
    assert totals["price_subsidy"] == 360 * 100


@pytest.mark.django_db
def test_price_subsidy_splits_180_and_180_by_category(loaded):
    lines = Payment.objects.filter(roster__programme_id="price_subsidy", month__year=2022)
    by_category = {"orphan": 0, "de_facto_orphan": 0}
    for line in lines.prefetch_related("person__spells"):
        category = "orphan" if any(s.category == "orphan" for s in line.person.spells.all()) else "de_facto_orphan"
        by_category[category] += line.amount_fen
    assert by_category == {k: v * 100 for k, v in PRICE_SUBSIDY_YUAN.items()}
    assert set(lines.values_list("month", flat=True)) == {datetime.date(2022, 10, 1)}


@pytest.mark.django_db
def test_three_orphans_ten_de_facto_orphans_all_rosters_locked(loaded):
    paid = Payment.objects.filter(month__year=2022)
    assert paid.filter(roster__programme_id="orphan_allowance").values("person").distinct().count() == 3
    assert paid.filter(roster__programme_id="de_facto_orphan_allowance").values("person").distinct().count() == 10
    assert not Roster.objects.filter(month__year=2022).exclude(status=RosterStatus.LOCKED).exists()


@pytest.mark.django_db
def test_rosters_run_up_to_the_current_month_and_none_locked_is_empty(loaded):
    """发放统计 has figures for this year: rosters every month through ON's month; all but that month
    locked (it waits for the county); no locked roster of 0.00."""
    months = set(Roster.objects.values_list("month", flat=True))
    assert datetime.date(2026, 11, 1) in months and datetime.date(2024, 6, 1) in months
    assert not Roster.objects.filter(status=RosterStatus.LOCKED, total_fen=0).exists()
    assert set(Roster.objects.exclude(status=RosterStatus.LOCKED).values_list("month", flat=True)) <= {
        datetime.date(2026, 11, 1)}
    assert not Roster.objects.filter(month__gt=datetime.date(2026, 11, 1)).exists()


@pytest.mark.django_db
def test_every_locked_line_recomputes_from_its_basis_and_says_why(loaded):
    from guanai.benefits import rules

    lines = Payment.objects.filter(month__year=2022, kind="regular")
    assert lines.exists()
    for line in lines:
        assert line.rule_version == rules.RULES_VERSION
        assert rules.line_amount(line.basis) == line.amount_fen, line.basis
        assert rules.line_why(line.basis, line.rule_version).startswith("规则版本")
    top_ups = lines.filter(basis__has_key="top_ups")
    assert top_ups.exists() and all("补差：标准" in line.change_reason for line in top_ups)
