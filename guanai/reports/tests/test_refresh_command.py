"""`guanai report refresh`: a full refresh names its area tree; bad input is refused with a message."""

import pytest
from django.core.management import CommandError, call_command

from guanai.conftest import FENGXIAN
from guanai.reports.models import StoreRefresh


@pytest.mark.django_db
def test_a_full_refresh_needs_an_area():
    with pytest.raises(CommandError, match="--area"):
        call_command("report", "refresh", "--year", "2024")
    with pytest.raises(CommandError):
        call_command("report", "refresh", "--area", "999999", "--year", "2024")
    assert not StoreRefresh.objects.exists()


@pytest.mark.django_db
def test_a_full_refresh_of_an_area_twice_writes_the_same_store(capsys):
    for _ in range(2):
        call_command("report", "refresh", "--area", FENGXIAN, "--year", "2024")
    assert StoreRefresh.objects.filter(area_code=FENGXIAN, finished_at__isnull=False).count() == 2
    assert "610330 2024" in capsys.readouterr().out
