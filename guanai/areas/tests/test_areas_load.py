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


def test_the_packaged_tree_dates_the_one_village_new_since_2021():
    # 学苑社区 is first listed in the NBS 2022 edition (PROVENANCE.md): it did not exist in 2021.
    xueyuan = Area.objects.get(code="532528101004")
    assert xueyuan.started_on == datetime.date(2022, 10, 31)
    assert not xueyuan.in_force_on(datetime.date(2021, 12, 31)) and xueyuan.in_force_on(datetime.date(2023, 1, 1))
    assert Area.objects.filter(code__startswith="5325", started_on__isnull=False).count() == 1


def test_started_csv_dates_areas_and_a_reload_without_it_keeps_the_date(tmp_path):
    _write(tmp_path, "villages.csv", "code,name,streetCode\n610330100999,新设村民委员会,610330100\n")
    _write(tmp_path, "started.csv", "code,started_on,source\n610330100999,2024-03-01,县政府批复\n")
    areas_load(directory=tmp_path, edition="2024")
    assert Area.objects.get(code="610330100999").started_on == datetime.date(2024, 3, 1)
    (tmp_path / "started.csv").unlink()
    areas_load(directory=tmp_path, edition="2024")
    assert Area.objects.get(code="610330100999").started_on == datetime.date(2024, 3, 1)


@pytest.mark.parametrize("text, message", [
    ("code,started_on\n610330100007,2024-13-01\n", "第2行"),  # not a date
    ("code,started_on\n61033010000,2024-01-01\n", "第2行"),  # not an area code
    ("code,started_on\n610330100998,2024-01-01\n", "610330100998"),  # not in the files
    ("code,day\n610330100007,2024-01-01\n", "started_on"),  # a column missing
])
def test_a_bad_started_csv_is_refused(tmp_path, text, message):
    _write(tmp_path, "villages.csv", "code,name,streetCode\n610330100007,新民街社区居委会,610330100\n")
    _write(tmp_path, "started.csv", text)
    with pytest.raises(DivisionFileError, match=message):
        areas_load(directory=tmp_path)


def test_in_force_counts_areas_started_by_the_day_and_not_ended():
    from guanai.areas.selectors import in_force_q

    day = datetime.date(2021, 12, 31)
    started_after, started_on_day, ended_on_day, ended_after, plain = (
        "610330100001", "610330100007", "610330100008", "610330100200", "610330100202")
    Area.objects.filter(code=started_after).update(started_on=datetime.date(2022, 1, 1))
    Area.objects.filter(code=started_on_day).update(started_on=day)
    Area.objects.filter(code=ended_on_day).update(ended_on=day)
    Area.objects.filter(code=ended_after).update(ended_on=datetime.date(2022, 1, 1))
    codes = [started_after, started_on_day, ended_on_day, ended_after, plain]
    in_force = set(Area.objects.filter(in_force_q(day), code__in=codes).values_list("code", flat=True))
    assert in_force == {started_on_day, ended_after, plain}
    assert [Area.objects.get(code=c).in_force_on(day) for c in codes] == [False, True, False, True, True]
