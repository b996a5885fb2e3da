import datetime

import pytest
from django.core.management import call_command

from guanai.areas.divisions import DivisionFileError, packaged_directory
from guanai.areas.models import Area, Kind
from guanai.areas.selectors import area_descendant_counts, area_get
from guanai.areas.services import areas_load

pytestmark = pytest.mark.django_db


def _write(directory, name, text):
    (directory / name).write_text(text, encoding="utf-8")


def test_packaged_tree_gives_fengxian_counts():
    counts = area_descendant_counts(area=area_get(code="610330"))
    assert counts["township"][Kind.TOWN] == 9
    assert counts["township"][Kind.OTHER_UNIT] == 2
    assert counts["village"][Kind.VILLAGE_COMMITTEE] == 66
    assert counts["village"][Kind.RESIDENTS_COMMITTEE] == 4


def test_reload_is_an_upsert():
    before = Area.objects.count()
    result = areas_load(directory=packaged_directory(), edition="2023")
    assert result.created == 0 and result.updated == 0 and result.ended == 0
    assert Area.objects.count() == before


def test_area_missing_from_new_edition_is_ended_not_deleted(tmp_path):
    _write(tmp_path, "streets.csv", "code,name,areaCode\n610330100,双石铺镇,610330\n")
    _write(tmp_path, "villages.csv",
           "code,name,streetCode\n610330100007,新民街社区居委会,610330100\n610330100999,新设村民委员会,610330100\n")
    areas_load(directory=tmp_path, edition="2024", ended_on=datetime.date(2024, 7, 1))
    gone = Area.objects.get(code="610330100001")
    assert gone.ended_on == datetime.date(2024, 7, 1)
    assert Area.objects.get(code="610330100999").kind == Kind.VILLAGE_COMMITTEE
    assert Area.objects.get(code="610330101003").ended_on is None  # another township: untouched
    # Loading the full edition again brings it back.
    areas_load(directory=packaged_directory(), edition="2023")
    assert Area.objects.get(code="610330100001").ended_on is None


def test_bad_file_names_the_row_and_changes_nothing(tmp_path):
    _write(tmp_path, "villages.csv",
           "code,name,streetCode\n610330100777,好村村委会,610330100\n6103301,坏行,610330100\n")
    with pytest.raises(DivisionFileError, match="第3行"):
        areas_load(directory=tmp_path)
    assert not Area.objects.filter(code="610330100777").exists()


def test_unknown_parent_is_refused(tmp_path):
    _write(tmp_path, "villages.csv", "code,name,streetCode\n999999999001,孤村村委会,999999999\n")
    with pytest.raises(DivisionFileError, match="999999999"):
        areas_load(directory=tmp_path)


def test_show_command_prints_counts(capsys):
    call_command("areas", "show", "610330")
    out = capsys.readouterr().out
    assert "镇 9" in out and "村民委员会 66" in out and "社区居委会 4" in out and "陕西省" in out
