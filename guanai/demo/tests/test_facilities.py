"""The demo's facilities, workforce and projects: every figure of the seeds comes out of the queries.
One test, because the load (about 3,000 facilities and 1,500 posts) is the slow part."""

from guanai.demo.facilities import demo_facilities_load
from guanai.demo.facility_checks import demo_facility_figures
from guanai.demo.staff import demo_staff_ensure
from guanai.facilities.models import SubsidyRoster


def test_every_seed_figure_comes_out_of_the_records_and_a_second_load_does_nothing(db):
    demo_staff_ensure()
    assert demo_facilities_load()
    rows = demo_facility_figures()
    assert len(rows) == 23
    assert all(row.ok for row in rows), [row for row in rows if not row.ok]
    assert sorted(SubsidyRoster.objects.values_list("payout_kind", "status", "total_fen")) == [
        ("operating_subsidy", "paid", 68_800_000), ("performance_award", "paid", 4_000_000)]
    assert not demo_facilities_load()
