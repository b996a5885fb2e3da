"""Recording, ending and importing the statuses a person or household holds (低保, 特困 ...): scoped,
audited, all or nothing, and read by the next roster build."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from guanai.accounts.scoping import scope_for
from guanai.audit.models import Event
from guanai.benefits import services
from guanai.benefits.assistance_sheet import SheetRowsError, assistance_rows_read
from guanai.benefits.models import Assistance, AssistanceOrigin, Payment
from guanai.benefits.roster_build import roster_build
from guanai.benefits.tests.factories import EnrollmentFactory, PersonFactory, RosterFactory, programme
from guanai.people.models import Household
from guanai.people.tests.factories import LONGKOU, id_number_make
from guanai.people.tests.imports.workbooks import xlsx

D = datetime.date
pytestmark = pytest.mark.django_db
HEADER = ["序号", "姓名", "身份证号", "类别", "每月金额(元)", "保障人数", "享受方式", "起始月份", "截止月份",
          "证明材料"]


def test_a_county_officer_records_a_household_dibao_and_the_build_tops_up(standards, county):
    home = Household.objects.create(area_id="610330100007")
    child = PersonFactory(household=home)
    EnrollmentFactory(person=child, programme=programme("de_facto_orphan_allowance"))
    row = services.assistance_record(actor=county, scope=scope_for(county), person=child, data=services.AssistanceIn(
        kind="dibao", household=True, monthly_fen=60_000, members=2, first_month=D(2022, 8, 1)))
    assert row.household_id == home.pk and row.person_id is None
    assert Event.objects.get(verb="assistance_recorded", object_id=str(row.pk)).data["monthly_fen"] == 60_000
    roster_build(roster_id=RosterFactory(programme=programme("de_facto_orphan_allowance"), month=D(2022, 8, 1)).pk)
    assert Payment.objects.get(month=D(2022, 8, 1)).amount_fen == 75_000 - 30_000


def test_ending_a_status_needs_a_reason_and_a_month_not_before_its_start(standards, county):
    child = PersonFactory()
    row = services.assistance_record(actor=county, scope=scope_for(county), person=child,
                                     data=services.AssistanceIn(kind="tekun", first_month=D(2022, 5, 1)))
    with pytest.raises(ValidationError, match="终止理由"):
        services.assistance_end(actor=county, scope=scope_for(county), assistance=row, last_month=D(2022, 9, 1),
                                reason=" ")
    with pytest.raises(ValidationError, match="早于起始月份"):
        services.assistance_end(actor=county, scope=scope_for(county), assistance=row, last_month=D(2022, 4, 1),
                                reason="错录")
    services.assistance_end(actor=county, scope=scope_for(county), assistance=row, last_month=D(2022, 9, 15),
                            reason="终止特困供养")
    row.refresh_from_db()
    assert row.last_month == D(2022, 9, 1) and row.end_reason == "终止特困供养"
    assert Event.objects.filter(verb="assistance_ended", object_id=str(row.pk)).exists()
    assert row.history.count() == 2  # each version kept


def test_only_the_county_records_and_only_inside_its_area(standards, county, director):
    child = PersonFactory()
    data = services.AssistanceIn(kind="tekun", first_month=D(2022, 5, 1))
    with pytest.raises(PermissionDenied):
        services.assistance_record(actor=director, scope=scope_for(director), person=child, data=data)
    narrowed = scope_for(county, narrow_to=LONGKOU)
    with pytest.raises(PermissionDenied):
        services.assistance_record(actor=county, scope=narrowed, person=child, data=data)
    assert not Assistance.objects.exists()


def _sheet(*rows) -> io.BytesIO:
    content = xlsx([["凤县低保特困人员名册"], HEADER, *rows, ["合计"]], merges=[("A1:J1", "凤县低保特困人员名册")])
    return io.BytesIO(content)


def test_a_sheet_is_imported_through_the_toolkit(standards, county):
    number = id_number_make(birth_date=D(2012, 3, 4))
    child = PersonFactory(id_number=number, name="王小花")
    sheet = _sheet([1, "王小花", number, "特困", "", "", "本人", "2022年5月", "", "凤民发〔2022〕3号"])
    rows = assistance_rows_read(sheet, filename="名册.xlsx")
    made = services.assistance_import(actor=county, scope=scope_for(county), rows=rows)
    assert [(a.person_id, a.kind, a.first_month, a.origin) for a in made] == [
        (child.pk, "tekun", D(2022, 5, 1), AssistanceOrigin.IMPORTED)]
    assert Event.objects.get(verb="assistance_imported").data["rows"] == 1


def test_bad_cells_are_named_by_row_and_column_and_nothing_is_read(standards):
    number = id_number_make(birth_date=D(2012, 3, 4))
    sheet = _sheet([1, "王小花", number, "低保户口", "abc", "0", "半户", "下个月", "", ""])
    with pytest.raises(SheetRowsError) as caught:
        assistance_rows_read(sheet, filename="名册.xlsx")
    text = "\n".join(caught.value.problems)
    for expected in ("第3行“类别”列(D)", "第3行“每月金额(元)”列(E)", "第3行“保障人数”列(F)",
                     "第3行“享受方式”列(G)", "第3行“起始月份”列(H)"):
        assert expected in text


def test_one_bad_row_and_nothing_is_written(standards, county):
    good, unknown = id_number_make(birth_date=D(2012, 3, 4)), id_number_make(birth_date=D(2013, 3, 4))
    PersonFactory(id_number=good, name="王小花")
    outside = id_number_make(birth_date=D(2011, 1, 1))
    PersonFactory(id_number=outside, name="李在外", area_id=LONGKOU)
    rows = assistance_rows_read(_sheet(
        [1, "王小花", good, "低保", 300, 1, "本人", "2022-05", "", ""],
        [2, "张不在", unknown, "低保", 300, 1, "本人", "2022-05", "", ""],
        [3, "李小明", good, "特困", "", "", "", "2022-05", "", ""],
        [4, "李在外", outside, "特困", "", "", "", "2022-05", "", ""]), filename="名册.xlsx")
    township = scope_for(county, narrow_to="610330100")
    with pytest.raises(ValidationError) as caught:
        services.assistance_import(actor=county, scope=township, rows=rows)
    text = "\n".join(caught.value.messages)
    assert "第4行“身份证号”列" in text and "没有这个人" in text
    assert "第5行“姓名”列" in text and "不符" in text
    assert "第6行“身份证号”列" in text  # 龙口 is outside the township the officer narrowed to
    assert not Assistance.objects.exists()


def test_a_dibao_needs_its_amount_and_a_record_is_not_entered_twice(standards, county):
    child = PersonFactory()
    scope = scope_for(county)
    with pytest.raises(ValidationError, match="每月金额"):
        services.assistance_record(actor=county, scope=scope, person=child,
                                   data=services.AssistanceIn(kind="dibao", first_month=D(2022, 5, 1)))
    services.assistance_record(actor=county, scope=scope, person=child, data=services.AssistanceIn(
        kind="dibao", monthly_fen=30_000, first_month=D(2022, 5, 1), last_month=D(2022, 12, 1)))
    with pytest.raises(ValidationError, match="重叠"):
        services.assistance_record(actor=county, scope=scope, person=child, data=services.AssistanceIn(
            kind="dibao", monthly_fen=30_000, first_month=D(2022, 12, 1)))
    services.assistance_record(actor=county, scope=scope, person=child, data=services.AssistanceIn(
        kind="dibao", monthly_fen=32_000, first_month=D(2023, 1, 1)))  # the next period is fine
    assert Assistance.objects.filter(person=child).count() == 2
