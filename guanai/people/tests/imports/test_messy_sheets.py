"""Each messy-sheet case from issue 4, with a real .xlsx built in the test."""

import datetime

import pytest

from guanai.audit.models import Event
from guanai.conftest import LONGKOU, XINMINJIE
from guanai.people.importrows import MappingRequired
from guanai.people.models import NameKey, Person
from guanai.people.selectors import id_ranges, imported_creations
from guanai.people.tests.imports.workbooks import xlsx

TITLE = ["凤县双石铺镇新民街社区特殊困难老年人花名册"]
SUBTITLE = ["填报单位：新民街社区居委会", "", "", "填报日期：2023年6月"]


def only_problem(result, row):
    assert list(result.problems) == [row], result.reasons()
    return result.reasons()[row]


def test_title_rows_and_header_synonyms(run_import, ids, director):
    data = xlsx([TITLE, SUBTITLE, [],
                 ["序号", "名字", "公民身份号码", "村（社区）", "手机号", "户口性质", "居住状况", "是否低保"],
                 [1, "王秀英", ids(1), "新民街社区", "13800138000", "农业户口", "独居", "是"],
                 [2, "李 桂兰", ids(2), "新民街社区居委会", "", "非农业", "与子女同住", "否"]],
                merges=[("A1:H1", TITLE[0])])
    result, table = run_import(data)
    assert table.header_index == 3
    assert (result.total, result.created, result.rejected) == (2, 2, 0), result.reasons()
    wang = Person.objects.get(name="王秀英")
    assert (wang.area_id, wang.phone, wang.hukou_type, wang.living_arrangement, wang.dibao) == (
        XINMINJIE, "13800138000", "rural", "alone", True)
    assert (wang.birth_date, wang.sex) == (datetime.date(1950, 1, 2), "female")  # from the ID number
    assert wang.id_number_masked.startswith("6103") and "*" in wang.id_number_masked
    assert Person.objects.get(name="李桂兰").living_arrangement == "with_children"
    assert NameKey.objects.filter(person=wang, key="wxy").exists()
    # No creation history row: the import's event says whom it created, and by whom (issue 16).
    assert not wang.history.exists()
    creation = imported_creations([wang.pk])[wang.pk]
    assert (creation.actor, creation.at) == (director, wang.created_at)
    event = Event.objects.get(verb="people_imported")
    assert event.data["created"] == 2
    assert event.data["created_ids"] == id_ranges(Person.objects.values_list("pk", flat=True))
    assert wang.spells.filter(category="living_alone", ended_on__isnull=True).exists()  # the rules ran


def test_unknown_header_requires_a_mapping_and_nothing_is_read(run_import, ids):
    data = xlsx([["姓名", "身份号", "所属村", "监护人电话"], ["王秀英", ids(1), "新民街社区", "13800138000"]])
    with pytest.raises(MappingRequired) as caught:
        run_import(data)
    assert {(u.letter, u.header) for u in caught.value.unknown} == {("B", "身份号"), ("D", "监护人电话")}
    assert not Person.objects.exists()
    result, _ = run_import(data, mapping={"身份号": "id_number", "监护人电话": "-"})
    assert result.created == 1
    assert Person.objects.get().phone == ""


def test_merged_cells_are_filled_from_their_top_left_cell(run_import, ids, supervisor):
    """The supervisor's scope is a township, so an unfilled village cell would be rejected."""
    data = xlsx([TITLE, ["姓名", "身份证号", "乡镇", "村", "住址"],
                 ["王秀英", ids(1), "", "", "新民街1号"],
                 ["李桂兰", ids(2), "", "", "新民街1号"],
                 ["赵玉梅", ids(3), "", "", "新民街2号"]],
                merges=[("A1:E1", TITLE[0]), ("C3:C5", "双石铺镇"), ("D3:D5", "新民街社区")])
    result, _ = run_import(data, user=supervisor)
    assert (result.created, result.rejected) == (3, 0), result.reasons()
    assert set(Person.objects.values_list("area_id", flat=True)) == {XINMINJIE}


def test_full_width_digits_and_lowercase_x(run_import, ids):
    number = next(ids(n) for n in range(40) if ids(n).endswith("X"))
    full_width = number[:-1].translate(str.maketrans("0123456789", "０１２３４５６７８９")) + "x"
    result, _ = run_import(xlsx([["姓名", "身份证号", "所属村", "联系电话"],
                                 ["王秀英", full_width, "新民街社区", "１３８００１３８０００"]]))
    assert result.created == 1, result.reasons()
    person = Person.objects.get()
    assert person.id_number_masked.endswith(number[-4:]) and person.phone == "13800138000"


@pytest.mark.parametrize("cell", ["2023年6月1日", "2023.6.1", "2023/06/01", "20230601", "2023-6",
                                  45078, datetime.date(2023, 6, 1), "２０２３年６月１日"])
def test_chinese_date_forms_and_excel_serials(run_import, ids, cell):
    result, _ = run_import(xlsx([["姓名", "身份证号", "所属村", "是否外出务工", "外出时间"],
                                 ["王秀英", ids(1), "新民街社区", "是", cell]]))
    assert result.created == 1, result.reasons()
    assert Person.objects.get().away_since == datetime.date(2023, 6, 1)


def test_id_number_stored_as_a_number_is_rejected_never_guessed(run_import, ids):
    number = ids(1)
    result, _ = run_import(xlsx([TITLE, ["姓名", "身份证号", "所属村"],
                                 ["王秀英", float(number[:17] + "0"), "新民街社区"],
                                 ["李桂兰", ids(2), "新民街社区"]]))
    reason = only_problem(result, 3)
    assert reason.startswith("B列“身份证号”") and "数字" in reason and "lost digits" not in reason
    assert list(Person.objects.values_list("name", flat=True)) == ["李桂兰"]


def test_old_15_digit_number_is_reported_as_such(run_import):
    result, _ = run_import(xlsx([["姓名", "身份证号", "所属村"], ["王秀英", "610330500101123", "新民街社区"]]))
    reason = only_problem(result, 2)
    assert "15位旧身份证号" in reason and "B列" in reason
    assert not Person.objects.exists()


def test_bad_row_is_reported_with_row_column_and_reason_and_nothing_else_is_lost(run_import, ids):
    rows = [TITLE, SUBTITLE, ["姓名", "身份证号", "所属村", "性别", "残疾等级"]]
    rows += [[f"对象{n}", ids(n), "新民街社区", "女", "二级"] for n in range(1, 6)]
    rows[5] = ["对象3", ids(3)[:-1] + ("0" if ids(3)[-1] != "0" else "1"), "新民街社区", "男", "七级"]
    result, _ = run_import(xlsx(rows))
    assert (result.created, result.rejected) == (4, 1)
    reason = only_problem(result, 6)
    assert "B列“身份证号”" in reason and "校验位错误" in reason
    assert "E列“残疾等级”" in reason and "1-4" in reason
    assert Person.objects.count() == 4 and not Person.objects.filter(name="对象3").exists()


def test_village_outside_the_scope_is_rejected(run_import, ids):
    result, _ = run_import(xlsx([["姓名", "身份证号", "所属村"], ["王秀英", ids(1), "龙口社区"]]))
    assert "C列“所属村”" in only_problem(result, 2)
    assert not Person.objects.exists()


def test_dry_run_changes_nothing(run_import, ids):
    data = xlsx([["姓名", "身份证号", "所属村"], ["王秀英", ids(1), "新民街社区"], ["坏行", "123", "新民街社区"]])
    result, _ = run_import(data, dry_run=True)
    assert (result.dry_run, result.created, result.rejected) == (True, 1, 1)
    assert not Person.objects.exists() and not NameKey.objects.exists()


def test_reimport_updates_instead_of_duplicating(run_import, ids):
    run_import(xlsx([["姓名", "身份证号", "所属村", "联系电话", "是否低保"],
                     ["王秀英", ids(1), "新民街社区", "13800138000", "否"]]))
    result, _ = run_import(xlsx([["姓名", "身份证号", "所属村", "是否低保", "联系电话"],
                                 ["王秀英", ids(1), "新民街社区", "是", ""]]))
    assert (result.created, result.updated, result.rejected) == (0, 1, 0)
    person = Person.objects.get()
    assert person.dibao is True and person.phone == "13800138000"  # a blank cell keeps the stored value
    # The first change writes the imported row as the creation ('+') before the change ('~').
    first, second = person.history.order_by("history_date", "history_id")
    assert (first.history_type, first.dibao, first.history_date) == ("+", False, person.created_at)
    assert (second.history_type, second.dibao) == ("~", True)
    again, _ = run_import(xlsx([["姓名", "身份证号", "所属村", "是否低保"], ["王秀英", ids(1), "新民街社区", "是"]]))
    assert (again.updated, again.unchanged) == (0, 1)


def test_person_without_id_number_is_matched_by_village_name_and_birth_date(run_import):
    data = xlsx([["姓名", "性别", "出生日期", "所属村"], ["王秀英", "女", "1950年3月1日", "新民街社区"]])
    run_import(data)
    result, _ = run_import(data)
    assert (result.created, result.unchanged) == (0, 1)
    assert Person.objects.count() == 1


def test_person_registered_in_another_area_is_rejected_with_a_transfer_hint(run_import, ids, outsider):
    run_import(xlsx([["姓名", "身份证号", "所属村", "联系电话"], ["王秀英", ids(1), "龙口社区", "13900000000"]]),
               user=outsider)
    result, _ = run_import(xlsx([["姓名", "身份证号", "所属村", "联系电话"],
                                 ["王秀英", ids(1), "新民街社区", "13800138000"]]))
    reason = only_problem(result, 2)
    assert "迁移申请" in reason and "transfer" not in reason  # one language at a time
    person = Person.objects.get()
    assert (person.area_id, person.phone) == (LONGKOU, "13900000000")


def test_same_person_twice_in_one_sheet(run_import, ids):
    result, _ = run_import(xlsx([["姓名", "身份证号", "所属村"], ["王秀英", ids(1), "新民街社区"],
                                 ["王秀英", ids(1), "新民街社区"]]))
    assert "第2行" in only_problem(result, 3)
    assert Person.objects.count() == 1


def test_csv_in_gb18030(run_import, ids):
    text = f"凤县花名册\n姓名,身份证号,所属村,户籍类型\n王秀英,{ids(1)},新民街社区,农业\n"
    result, _ = run_import(text.encode("gb18030"), filename="名单.csv")
    assert result.created == 1, result.reasons()
    assert Person.objects.get().hukou_type == "rural"


def test_footer_rows_below_the_data_are_skipped(run_import, ids):
    result, _ = run_import(xlsx([["姓名", "身份证号", "所属村"], ["王秀英", ids(1), "新民街社区"],
                                 ["合计", "1人"], ["填表人：张三", "", "审核人：李四"]]))
    assert (result.total, result.created, result.rejected) == (1, 1, 0)
