"""`guanai import people`, `guanai export people`, the error report, exports masked per role, the template."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from guanai.accounts.scoping import scope_for
from guanai.audit.models import AccessLog
from guanai.people.exports import people_export, people_template
from guanai.people.imports import people_error_report
from guanai.people.models import Person
from guanai.people.tests.imports.workbooks import xlsx
from guanai.sheets.reading import read_sheet


def sheet_of(data: bytes):
    return read_sheet(io.BytesIO(data), filename="x.xlsx")


@pytest.fixture
def sheet_with_a_bad_row(ids, tmp_path):
    path = tmp_path / "名单.xlsx"
    path.write_bytes(xlsx([["新民街社区花名册"], ["姓名", "身份证号", "所属村"], ["王秀英", ids(1), "新民街社区"],
                           ["李桂兰", "61033019500101", "新民街社区"]]))
    return path


def test_import_command_writes_people_and_an_error_report(sheet_with_a_bad_row, director):
    out = io.StringIO()
    call_command("import", "people", str(sheet_with_a_bad_row), "--user", "director", stdout=out)
    assert "新增 1" in out.getvalue() and "第4行" in out.getvalue()
    assert list(Person.objects.values_list("name", flat=True)) == ["王秀英"]
    report = sheet_of(sheet_with_a_bad_row.with_name("名单.errors.xlsx").read_bytes())
    assert report.rows[0][0] == "新民街社区花名册"
    assert report.rows[1] == ["姓名", "身份证号", "所属村", "错误原因", "原行号"]
    assert report.rows[2][:3] == ["李桂兰", "61033019500101", "新民街社区"]
    assert "B列“身份证号”" in report.rows[2][3] and report.rows[2][4] == 4


def test_import_command_dry_run_and_mapping(ids, tmp_path, director):
    path = tmp_path / "a.xlsx"
    path.write_bytes(xlsx([["姓名", "身份号", "所属村"], ["王秀英", ids(1), "新民街社区"]]))
    with pytest.raises(CommandError, match="身份号"):
        call_command("import", "people", str(path), "--user", "director")
    out = io.StringIO()
    call_command("import", "people", str(path), "--user", "director", "--dry-run", "--mapping", "身份号=id_number",
                 stdout=out)
    assert "dry run" in out.getvalue() and "新增 1" in out.getvalue()
    assert not Person.objects.exists()


def test_import_command_as_the_outsider_cannot_reach_another_village(sheet_with_a_bad_row, outsider):
    out = io.StringIO()
    call_command("import", "people", str(sheet_with_a_bad_row), "--user", "outsider", stdout=out)
    assert "新增 0" in out.getvalue() and "管辖范围" in out.getvalue()
    assert not Person.objects.exists()


def test_error_report_has_the_error_column(run_import, ids):
    result, table = run_import(xlsx([["标题"], ["姓名", "身份证号", "所属村"],
                                     ["王秀英", 6.10330195e17, "新民街社区"]]))
    buffer = io.BytesIO()
    people_error_report(buffer, table=table, result=result)
    rows = sheet_of(buffer.getvalue()).rows
    assert rows[1][3] == "错误原因" and "数字" in rows[2][3] and rows[2][4] == 3


def imported(run_import, ids, user=None):
    run_import(xlsx([["姓名", "身份证号", "所属村", "是否低保"], ["王秀英", ids(1), "新民街社区", "是"]]), user=user)


def test_export_is_masked_and_logged(run_import, ids, director):
    imported(run_import, ids)
    buffer = io.BytesIO()
    result = people_export(buffer, actor=director, scope=scope_for(director))
    rows = sheet_of(buffer.getvalue()).rows
    assert result.rows == 1 and rows[0][:2] == ["姓名", "身份证号"]
    assert rows[1][0] == "王秀英" and rows[1][1] == ids(1)[:4] + "**********" + ids(1)[-4:]
    log = AccessLog.objects.get(action="export")
    assert (log.user, log.detail["rows"], log.detail["unmasked"]) == (director, 1, False)


def test_unmasked_export_for_a_role_that_may_see_numbers_round_trips(run_import, ids, director):
    imported(run_import, ids)
    buffer = io.BytesIO()
    with pytest.raises(ValidationError):
        people_export(io.BytesIO(), actor=director, scope=scope_for(director), unmasked=True)
    people_export(buffer, actor=director, scope=scope_for(director), unmasked=True, purpose="upstream_report")
    assert sheet_of(buffer.getvalue()).rows[1][1] == ids(1)
    log = AccessLog.objects.get(action="export")
    assert log.detail["unmasked"] is True and log.purpose == "upstream_report"
    result, _ = run_import(buffer.getvalue())  # the export's headers are the import's own
    assert (result.unchanged, result.rejected) == (1, 0), result.reasons()


def test_unmasked_export_is_refused_without_the_capability(analyst):
    with pytest.raises(PermissionDenied):
        people_export(io.BytesIO(), actor=analyst, scope=scope_for(analyst), unmasked=True)


def test_export_as_the_outsider_holds_nobody_from_another_village(run_import, ids, outsider):
    imported(run_import, ids)
    buffer = io.BytesIO()
    assert people_export(buffer, actor=outsider, scope=scope_for(outsider)).rows == 0
    assert len(sheet_of(buffer.getvalue()).rows) == 1


def test_export_command_with_area_and_csv(run_import, ids, tmp_path):
    imported(run_import, ids)
    out = tmp_path / "people.csv"
    call_command("export", "people", "--area", "610330100007", "--out", str(out), stdout=io.StringIO())
    text = out.read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0].startswith("姓名,身份证号") and "王秀英" in text


def test_template_has_headers_an_example_and_notes(run_import):
    buffer = io.BytesIO()
    people_template(buffer)
    rows = sheet_of(buffer.getvalue()).rows
    assert rows[0][:3] == ["姓名", "身份证号", "性别"] and rows[1][0] == "王秀英"
    result, _ = run_import(buffer.getvalue())
    assert (result.created, result.rejected) == (1, 0), result.reasons()
