import datetime

import pytest
from django.core.management import CommandError, call_command

from guanai.benefits.models import Roster
from guanai.benefits.tests.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db


def test_roster_build_from_the_shell(standards, capsys):
    EnrollmentFactory.create_batch(2)
    call_command("roster", "build", "--programme", "orphan_allowance", "--area", "610330", "--month", "2022-03")
    roster = Roster.objects.get()
    assert (roster.month, roster.line_count, roster.total_fen) == (datetime.date(2022, 3, 1), 2, 140_000)
    assert "1,400.00" in capsys.readouterr().out


def test_roster_build_reports_bad_input(standards):
    with pytest.raises(CommandError):
        call_command("roster", "build", "--programme", "nope", "--area", "610330", "--month", "2022-03")
    with pytest.raises(CommandError):
        call_command("roster", "build", "--programme", "orphan_allowance", "--area", "610330", "--month", "22")
