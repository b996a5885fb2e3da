"""The workforce roster import: a real .xlsx (title row, header, footer) read through guanai/sheets,
posts set up and holders appointed, updated or replaced; every bad cell named by row and column and
nothing written; the page as the county, the village director and the outsider."""

import datetime
import io

import pytest
import xlsxwriter
from django.core.exceptions import ValidationError
from django.urls import reverse

from guanai.accounts.scoping import Scope, scope_for
from guanai.audit.models import Event
from guanai.sheets.reading import SheetError
from guanai.workforce import imports, services
from guanai.workforce.models import Post, Tenure
from guanai.workforce.tests.factories import SHUANGSHIPU, XINMINJIE, PostFactory, TenureFactory

D = datetime.date
FENGZHOU = "610330101"
HEADER = ["序号", "岗位", "区划代码", "服务区划", "姓名", "联系电话", "人员身份", "任职日期", "最近培训日期",
          "证书编号"]


def _xlsx(rows: list[list], header: list[str] = HEADER) -> io.BytesIO:
    """A county's sheet as bureaus make them: a title row, the header, the rows, a footer."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("名册")
    sheet.write_row(0, 0, ["凤县儿童督导员、儿童主任名册"])
    sheet.write_row(1, 0, header)
    for n, row in enumerate(rows, start=2):
        sheet.write_row(n, 0, row)
    sheet.write_row(len(rows) + 2, 0, ["填表人：赵红"])
    book.close()
    out.seek(0)
    out.name = "名册.xlsx"
    return out


ROWS = [
    [1, "儿童督导员", SHUANGSHIPU, "双石铺镇", "张敏", "13900000001", "乡镇民政工作人员", "2021-03-01",
     "2023年5月10日", "D-001"],
    [2, "儿童主任", XINMINJIE, "新民街社区", "王丽", "139 0000 0002", "村(居)委会委员", "2020.6.1", "", ""],
    [3, "儿童主任", "610330100008", "空岗的村", "", "", "", "", "", ""],
]


def _import(county, sheet, scope=None):
    read = imports.holder_rows_read(sheet, filename=sheet.name)
    assert read.errors == []
    return services.workforce_import(actor=county, scope=scope or scope_for(county), rows=read.rows, where=read.where)


def test_a_sheet_sets_up_posts_and_appoints_holders(county):
    result = _import(county, _xlsx(ROWS))
    assert (result.posts_created, result.appointed) == (3, 2)
    director = Tenure.objects.get(area_id=XINMINJIE)
    assert (director.name, director.phone, director.started_on, director.background) == (
        "王丽", "13900000002", D(2020, 6, 1), "committee_member")
    supervisor = Tenure.objects.get(area_id=SHUANGSHIPU)
    assert supervisor.post.kind == "child_supervisor" and supervisor.trained_on == D(2023, 5, 10)
    assert not Post.objects.get(area_id="610330100008").tenures.exists()  # the vacant post is set up, empty
    assert Event.objects.filter(verb="workforce_imported").get().data["appointed"] == 2
    assert Event.objects.filter(verb="post_holder_appointed").count() == 2


def test_a_second_upload_updates_the_same_person_and_replaces_another(county):
    _import(county, _xlsx(ROWS))
    again = [[1, "儿童督导员", SHUANGSHIPU, "", "张敏", "13900000009", "", "2021-03-01", "", ""],
             [2, "儿童主任", XINMINJIE, "", "李娜", "13900000003", "", "2024-09-01", "", ""],
             [3, "儿童主任", "610330100008", "", "", "", "", "", "", ""]]
    result = _import(county, _xlsx(again))
    assert (result.posts_created, result.updated, result.replaced, result.appointed) == (0, 1, 1, 0)
    assert Tenure.objects.get(area_id=SHUANGSHIPU).phone == "13900000009"
    old, new = Tenure.objects.filter(area_id=XINMINJIE).order_by("started_on")
    assert (old.name, old.ended_on, new.name, new.ended_on) == ("王丽", D(2024, 8, 31), "李娜", None)
    assert _import(county, _xlsx(again)).unchanged == 2  # the same sheet again changes nothing


def test_every_bad_cell_is_named_by_row_and_column_and_nothing_is_written(county):
    bad = [[1, "儿童主管", XINMINJIE, "", "", "", "", "", "", ""],
           [2, "儿童主任", XINMINJIE, "", "王丽", "1390000000x", "", "2020-13-01", "", ""],
           [3, "儿童主任", "", "", "", "", "", "", "", ""],
           [4, "儿童主任", XINMINJIE, "", "李四", "", "", "", "", ""]]
    read = imports.holder_rows_read(_xlsx(bad), filename="名册.xlsx")
    messages = [str(e) for e in read.errors]
    assert messages[0].startswith("第3行 B (岗位)：不认识的岗位“儿童主管”")
    assert any(m.startswith("第4行 F (联系电话)：联系电话只能是数字") for m in messages)
    assert any(m.startswith("第4行 H (任职日期)：日期“2020-13-01”无法识别") for m in messages)
    assert any(m.startswith("第5行 C (区划代码)：必填") for m in messages)
    assert any(m.startswith("第6行 H (任职日期)：填写了姓名的，任职日期必填") for m in messages)
    assert read.rows == []


def test_the_database_checks_name_row_and_column_and_the_import_writes_nothing(county):
    TenureFactory(post=PostFactory(area_id=XINMINJIE), name="王丽", started_on=D(2022, 1, 1))
    rows = [[1, "儿童主任", SHUANGSHIPU, "", "", "", "", "", "", ""],       # a director belongs to a village
            [2, "儿童督导员", FENGZHOU, "", "赵六", "", "", "2023-01-01", "", ""],  # fine alone
            [3, "儿童主任", XINMINJIE, "", "李娜", "", "", "2021-06-01", "", ""],  # before 王丽 started
            [4, "儿童督导员", FENGZHOU, "", "钱七", "", "", "2023-02-01", "", ""],  # the same post as row 3
            [5, "儿童主任", "610330999999", "", "", "", "", "", "", ""]]
    read = imports.holder_rows_read(_xlsx(rows), filename="名册.xlsx")
    errors = services.workforce_rows_check(scope=scope_for(county), rows=read.rows, where=read.where)
    assert errors == [
        "第3行 C (区划代码)：该岗位应设在村(社区)一级 / this post belongs at village level",
        "第5行 H (任职日期)：应晚于现任王丽的任职日期2022-01-01 / must be after the current holder's start",
        "第6行 C (区划代码)：与第4行是同一岗位 / the same post as row 4",
        "第7行 C (区划代码)：区划代码不存在 / no such area",
    ]
    posts = Post.objects.count()
    with pytest.raises(ValidationError):
        services.workforce_import(actor=county, scope=scope_for(county), rows=read.rows, where=read.where)
    assert Post.objects.count() == posts and Tenure.objects.count() == 1
    outside = services.workforce_rows_check(scope=Scope(SHUANGSHIPU), rows=read.rows[1:2], where=read.where)
    assert outside == ["第4行 C (区划代码)：不在您的管辖范围内 / outside your area"]


def test_a_sheet_without_the_required_columns_is_refused():
    with pytest.raises(SheetError, match="缺少必需的列：区划代码"):
        imports.holder_rows_read(_xlsx([], header=["岗位", "姓名", "任职日期"]), filename="名册.xlsx")
    with pytest.raises(SheetError, match="任职日期"):
        imports.holder_rows_read(_xlsx([], header=["岗位", "区划代码", "姓名"]), filename="名册.xlsx")


def test_the_page_imports_for_the_county_and_refuses_the_village(client, county, director, outsider):
    client.force_login(county)
    response = client.post(reverse("workforce:import"), {"file": _xlsx(ROWS)})
    assert response.status_code == 302 and Tenure.objects.count() == 2
    exported = client.get(reverse("workforce:export"))
    sheet = io.BytesIO(b"".join(exported.streaming_content))
    sheet.name = "工作队伍名册.xlsx"
    assert _import(county, sheet).unchanged == 2  # the export goes back in as it came out
    bad = client.post(reverse("workforce:import"), {"file": _xlsx([[1, "儿童主任", "", "", "", "", "", "", "", ""]])})
    assert "第3行 C (区划代码)：必填" in bad.content.decode()
    for user in (director, outsider):
        client.force_login(user)
        assert client.post(reverse("workforce:import"), {"file": _xlsx(ROWS)}).status_code == 403
    client.force_login(outsider)
    theirs = io.BytesIO(b"".join(client.get(reverse("workforce:export")).streaming_content))
    theirs.name = "工作队伍名册.xlsx"
    assert imports.holder_rows_read(theirs, filename=theirs.name).rows == []  # 龙口社区 has no posts
