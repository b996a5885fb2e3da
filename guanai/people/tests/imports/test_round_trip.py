"""Export -> edit in a spreadsheet -> import (issue 16, "Round trip"): for a county officer, whose
export carries whole ID numbers, and for a village director exporting masked numbers; both carry the
record key (记录编号) that lets a masked sheet import back as updates."""

import datetime
import io

import pytest
from django.urls import reverse

from guanai.accounts.roles import Role
from guanai.accounts.scoping import scope_for
from guanai.accounts.tests.factories import UserFactory
from guanai.audit.models import AccessLog
from guanai.people.exports import RECORD_KEY_HEADER, people_export
from guanai.people.models import Person, Sex
from guanai.people.recordkeys import RecordKeyError, record_key, record_key_pk
from guanai.people.tests.factories import id_number_make
from guanai.people.tests.imports.workbooks import xlsx
from guanai.sheets.reading import read_sheet


def exported(user, *, unmasked: bool) -> list[list]:
    buffer = io.BytesIO()
    people_export(buffer, actor=user, scope=scope_for(user), unmasked=unmasked,
                  purpose="record_correction" if unmasked else "")  # whole numbers need a purpose
    return read_sheet(io.BytesIO(buffer.getvalue()), filename="x.xlsx").rows


def as_xlsx(rows: list[list]) -> bytes:
    """What Excel saves after the clerk's edit: cells with their types (None for blank)."""
    return xlsx([[("" if v is None else v) for v in row] for row in rows])


def column(rows: list[list], header: str) -> int:
    return rows[0].index(header)


@pytest.fixture
def registered(run_import, ids):
    """Two women of 新民街 and one of 龙口 (same county), registered by sheet."""
    county = UserFactory(username="county2", role=Role.COUNTY_OFFICER, area_id="610330")
    result, _ = run_import(xlsx([
        ["姓名", "身份证号", "乡镇", "所属村", "联系电话", "是否低保"],
        ["王秀英", ids(1), "双石铺镇", "新民街社区", "13800138000", "是"],
        ["李桂兰", ids(2), "双石铺镇", "新民街社区", "", "否"],
        ["张玉兰", ids(3), "", "610330101003", "", "否"],
    ], ), user=county)
    assert (result.created, result.rejected) == (3, 0), result.reasons()
    return county


def test_unchanged_export_reimports_as_all_unchanged_whole_and_masked(registered, run_import, director):
    for user, unmasked in ((registered, True), (registered, False), (director, False), (director, True)):
        rows = exported(user, unmasked=unmasked)
        result, _ = run_import(as_xlsx(rows), user=user)
        assert (result.unchanged, result.updated, result.created, result.rejected) == (len(rows) - 1, 0, 0, 0), (
            user, unmasked, result.reasons())


def test_county_officer_gets_whole_numbers_edits_and_reimports(registered, run_import, ids):
    rows = exported(registered, unmasked=True)
    id_col, phone = column(rows, "身份证号"), column(rows, "联系电话")
    assert sorted(r[id_col] for r in rows[1:]) == sorted([ids(1), ids(2), ids(3)])
    row = next(r for r in rows[1:] if r[0] == "李桂兰")
    row[phone] = "13900139000"
    result, _ = run_import(as_xlsx(rows), user=registered)
    assert (result.updated, result.unchanged, result.rejected) == (1, 2, 0), result.reasons()
    assert Person.objects.get(name="李桂兰").phone == "13900139000"
    # Each whole number in the sheet is an unmasking of that person, in the person's own access history.
    unmasked = AccessLog.objects.filter(action="unmask", object_type="person", detail__via="export")
    assert sorted(unmasked.values_list("object_id", flat=True)) == sorted(
        str(pk) for pk in Person.objects.values_list("pk", flat=True))


def test_village_director_edits_a_masked_sheet_and_it_updates_the_same_people(registered, run_import, director):
    rows = exported(director, unmasked=False)
    assert len(rows) == 3 and all("*" in r[column(rows, "身份证号")] for r in rows[1:])
    assert not AccessLog.objects.filter(action="unmask").exists()
    address = column(rows, "住址")
    for row in rows[1:]:
        row[address] = f"新民街{row[0]}家"
    result, _ = run_import(as_xlsx(rows), user=director)
    assert (result.updated, result.created, result.rejected) == (2, 0, 0), result.reasons()
    assert Person.objects.get(name="王秀英").address == "新民街王秀英家"
    assert Person.objects.count() == 3


def test_masked_sheet_without_record_keys_is_refused_with_what_to_do(registered, run_import, director):
    rows = exported(director, unmasked=False)
    key = column(rows, RECORD_KEY_HEADER)
    for row in rows:
        del row[key]
    result, _ = run_import(as_xlsx(rows), user=director)
    assert result.rejected == 2 and result.created == 0
    assert all("记录编号" in text for text in result.reasons().values())


def test_an_edited_record_key_is_refused_and_changes_nothing(registered, run_import, director):
    rows = exported(director, unmasked=False)
    key, address = column(rows, RECORD_KEY_HEADER), column(rows, "住址")
    pk = record_key_pk(rows[1][key])
    rows[1][key] = f"R{pk + 1}-" + rows[1][key].split("-")[1]  # pointed at somebody else
    rows[1][address] = "别处"
    result, _ = run_import(as_xlsx(rows), user=director)
    assert result.rejected == 1 and "记录编号" in result.reasons()[2]
    assert not Person.objects.filter(address="别处").exists()


def test_a_record_key_of_someone_outside_the_scope_is_not_imported(registered, run_import, director, outsider):
    rows = exported(director, unmasked=False)
    address = column(rows, "住址")
    for row in rows[1:]:
        row[address] = "龙口"
    result, _ = run_import(as_xlsx(rows), user=outsider)
    assert result.updated == 0 and result.rejected == 2
    assert not Person.objects.filter(address="龙口").exists()


def test_a_whole_number_that_disagrees_with_the_record_key_is_refused(registered, run_import, ids):
    rows = exported(registered, unmasked=True)
    id_col = column(rows, "身份证号")
    row = next(r for r in rows[1:] if r[0] == "王秀英")
    # Another valid number with the same birth date and sex: only the record key can tell it is wrong.
    row[id_col] = id_number_make(birth_date=datetime.date(1950, 1, 2), sex=Sex.FEMALE, sequence=998)
    result, _ = run_import(as_xlsx(rows), user=registered)
    assert result.rejected == 1 and "不一致" in next(iter(result.reasons().values()))


def test_record_keys_round_trip_and_refuse_edits(db):
    assert record_key_pk(record_key(42)) == 42
    for text in ("R43-" + record_key(42).split("-")[1], "42", "R42-zz", ""):
        with pytest.raises(RecordKeyError):
            record_key_pk(text)


def test_list_offers_whole_and_masked_exports_to_roles_that_may_see_numbers(client, registered, analyst):
    client.force_login(registered)
    page = client.get(reverse("people:list")).content.decode()
    assert "unmasked=0" in page and "导出Excel" in page
    assert 'name="purpose"' in page  # whole numbers are exported for a stated purpose
    masked = read_sheet(io.BytesIO(client.get(reverse("exchange:people_export")).content), filename="x.xlsx").rows
    assert "*" in masked[1][column(masked, "身份证号")]
    whole = client.get(reverse("exchange:people_export"), {"unmasked": "1", "purpose": "record_correction"})
    rows = read_sheet(io.BytesIO(whole.content), filename="x.xlsx").rows
    assert "*" not in rows[1][column(rows, "身份证号")]
    assert client.get(reverse("exchange:people_export"), {"unmasked": "1"}).status_code == 400
    client.force_login(analyst)
    assert "unmasked=0" not in client.get(reverse("people:list")).content.decode()


def test_a_death_imported_late_says_from_which_month_the_past_changes(registered, run_import, ids):
    from guanai.audit.models import Event
    from guanai.people.selectors import IMPORTED

    rows = exported(registered, unmasked=True)
    died = column(rows, "死亡日期")
    for row in rows[1:]:
        row[died] = {"李桂兰": datetime.date(2021, 3, 10), "张玉兰": datetime.date(2022, 8, 1)}.get(row[0])
    result, _ = run_import(as_xlsx(rows), user=registered)
    assert (result.updated, result.unchanged, result.rejected) == (2, 1, 0), result.reasons()
    event = Event.objects.filter(verb=IMPORTED).order_by("-pk").first()
    assert event.data["counts_from"] == "2021-03-01" and event.data["fields"] == ["died_on"]
    assert "counts_from" not in Event.objects.filter(verb=IMPORTED).order_by("pk").first().data  # the first load
