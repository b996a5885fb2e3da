"""A roster build killed (SIGKILL) in the middle of a page: at the next start the roster is failed with
the reason and holds none of its partial lines; building it again gives the whole roster."""

import datetime
import importlib

import pytest

from guanai.benefits.models import Payment, RosterStatus
from guanai.benefits.roster_build import roster_build
from guanai.benefits.tests.factories import EnrollmentFactory, RosterFactory, StandardFactory, programme
from guanai.core.jobs import stale_jobs_fail
from guanai.tests.killing import kill_when_paused, needs_second_process
from guanai.web.tests.conftest import areas_present  # noqa: F401 - the tree, emptied by transactional tests

pytestmark = [needs_second_process, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _programmes(transactional_db):
    """Earlier transactional tests empty every table, the programmes seeded by migration included."""
    from django.apps import apps

    from guanai.benefits.models import Programme

    if not Programme.objects.exists():
        importlib.import_module("guanai.benefits.migrations.0002_programmes").seed(apps, None)


def test_a_killed_roster_build_leaves_no_lines_and_builds_again(areas_present):  # noqa: F811
    StandardFactory(programme=programme("orphan_allowance"), amount_fen=70_000,
                    effective_from=datetime.date(2020, 1, 1))
    EnrollmentFactory.create_batch(5)
    roster = RosterFactory(month=datetime.date(2022, 3, 1))
    # Pages of two enrollment ids: killed with the second page's lines inserted, its transaction open.
    kill_when_paused(pause_after="guanai.benefits.roster_build:payment_rows_insert", nth=2,
                     code="import guanai.benefits.roster_build as b; b.CHUNK = 2\n"
                          f"b.roster_build(roster_id={roster.pk})")
    roster.refresh_from_db()
    assert roster.status == RosterStatus.BUILDING
    assert Payment.objects.filter(roster=roster).count() == 2  # the first page committed
    assert stale_jobs_fail()["benefits.Roster"] == 1
    roster.refresh_from_db()
    assert roster.status == RosterStatus.FAILED and "意外停止" in roster.error
    assert not Payment.objects.filter(roster=roster).exists()
    roster = roster_build(roster_id=roster.pk)
    assert (roster.status, roster.line_count) == (RosterStatus.BUILT, 5)
