"""The resident population (常住人口): the figures' invariants, the service's scope and events, the
all-or-none import, the roll-up rule of the population measure, the store, and the report's sentence."""

import io

import docx
import pytest
import xlsxwriter
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from guanai.accounts.roles import Role
from guanai.accounts.scoping import scope_for
from guanai.accounts.tests.factories import UserFactory
from guanai.areas.models import Area
from guanai.audit.models import Event
from guanai.reports import selectors
from guanai.reports.documents import default_template, document_render
from guanai.reports.figures import population_sentence, report_figures
from guanai.reports.models import IndicatorValue, ResidentPopulation, TemplateKind
from guanai.reports.population_imports import population_rows_read
from guanai.reports.population_measures import population_resolved
from guanai.reports.services import (
    PopulationIn,
    resident_population_delete,
    resident_population_import,
    resident_population_save,
    store_refresh_full,
    store_refresh_incremental,
)
from guanai.reports.tests.conftest import FENGXIAN, TODAY

HONGHE, YUNNAN = "5325", "53"
GEJIU = "532501"
# The seed's figures (7th census, 2020): 云南 47,209,277 / 7,037,875; 红河州 447.84万 / 68.5万 (15.29%).
YUNNAN_2020 = (47_209_277, 7_037_875)
HONGHE_2020 = (4_478_400, 684_960)


def _save(user, code: str, year: int, total: int, aged: int, **extra) -> ResidentPopulation:
    return resident_population_save(actor=user, scope=scope_for(user), data=PopulationIn(
        area_code=code, year=year, total=total, aged_60_plus=aged, source="第七次全国人口普查", **extra))


def _value(code: str, area: str, period: str) -> tuple[int, int | None] | None:
    row = IndicatorValue.objects.filter(indicator_code=code, area_code=area, period=period).first()
    return None if row is None else (row.numerator, row.denominator)


def _counties() -> list[str]:
    return list(Area.objects.filter(parent_id=HONGHE, ended_on__isnull=True).order_by("code")
                .values_list("code", flat=True))


@pytest.fixture
def admin_user(db):
    return UserFactory(username="pop-admin", role=Role.ADMINISTRATOR, area=None)


@pytest.fixture
def gejiu_officer(db):
    return UserFactory(username="gejiu", role=Role.COUNTY_OFFICER, area_id=GEJIU)


# --- the model -----------------------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize(("fields", "bad"), [
    ({"total": 100, "aged_60_plus": 101}, "aged_60_plus"),
    ({"total": 100, "aged_60_plus": 20, "aged_65_plus": 21}, "aged_65_plus"),
    ({"total": 100, "aged_60_plus": 60, "aged_0_17": 41}, "aged_0_17"),
    ({"total": 0, "aged_60_plus": 0}, "total"),
    ({"total": 100, "aged_60_plus": 10, "year": 1900}, "year"),
    ({"total": 100, "aged_60_plus": 10, "year": timezone.localdate().year + 2}, "year"),
])
def test_a_figure_that_cannot_be_is_refused(fields, bad):
    row = ResidentPopulation(area_id=HONGHE, **({"year": 2021, "source": "普查"} | fields))
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    assert bad in refused.value.message_dict


@pytest.mark.django_db
def test_the_database_refuses_more_aged_than_people_too():
    ResidentPopulation.objects.create(area_id=HONGHE, year=2021, total=100, aged_60_plus=100, source="普查")
    with pytest.raises(IntegrityError), transaction.atomic():
        ResidentPopulation.objects.create(area_id=GEJIU, year=2021, total=100, aged_60_plus=101, source="普查")


# --- the service: scope, events, one row per area and year ------------------------------------------

@pytest.mark.django_db
def test_saving_twice_corrects_the_figure_with_an_event_each(analyst):
    first = _save(analyst, HONGHE, 2021, 4_478_000, 684_000)
    again = _save(analyst, HONGHE, 2021, *HONGHE_2020)
    assert first.pk == again.pk and ResidentPopulation.objects.count() == 1
    assert (again.total, again.aged_60_plus, again.entered_by) == (*HONGHE_2020, analyst)
    events = list(Event.objects.filter(verb="resident_population_saved").order_by("pk"))
    assert [e.area_code for e in events] == [HONGHE, HONGHE]
    assert events[1].data["before"]["total"] == 4_478_000 and events[1].data["figure_year"] == 2021


@pytest.mark.django_db
def test_a_county_officer_writes_and_sees_only_their_county(county, gejiu_officer, analyst):
    fengxian = _save(county, FENGXIAN, 2021, 100_000, 20_000)
    with pytest.raises(PermissionDenied):
        _save(county, GEJIU, 2021, 300_000, 40_000)
    with pytest.raises(PermissionDenied):
        _save(UserFactory(username="viewer", role=Role.AUDITOR, area=None), FENGXIAN, 2021, 1, 1)
    gejiu = _save(gejiu_officer, GEJIU, 2021, 300_000, 40_000)
    assert list(selectors.resident_population_list(scope=scope_for(gejiu_officer))) == [gejiu]
    assert list(selectors.resident_population_list(scope=scope_for(analyst))) == [gejiu]
    with pytest.raises(PermissionDenied):
        resident_population_delete(actor=gejiu_officer, scope=scope_for(gejiu_officer), row=fengxian)


@pytest.mark.django_db
def test_another_county_officer_cannot_open_or_delete_the_figure(client, county, gejiu_officer):
    row = _save(county, FENGXIAN, 2021, 100_000, 20_000)
    client.force_login(gejiu_officer)
    assert client.get(reverse("reports:population_edit", args=[row.pk])).status_code == 404
    assert client.post(reverse("reports:population_delete", args=[row.pk])).status_code == 404
    assert "凤县" not in client.get(reverse("reports:population")).content.decode()
    assert ResidentPopulation.objects.filter(pk=row.pk).exists()
    client.force_login(county)
    page = client.get(reverse("reports:population")).content.decode()
    assert "凤县" in page and "100,000" in page


@pytest.mark.django_db
def test_the_pages_name_who_entered_a_figure_by_name_not_login(client, county):
    county.full_name, county.username = "张科长", "zhangkz"
    county.save(update_fields=["full_name", "username"])
    row = _save(county, FENGXIAN, 2021, 100_000, 20_000)
    client.force_login(county)
    for url in (reverse("reports:population"), reverse("reports:population_edit", args=[row.pk])):
        page = client.get(url).content.decode()
        assert "张科长" in page and "zhangkz" not in page


@pytest.mark.django_db
def test_the_page_saves_a_figure(client, analyst):
    client.force_login(analyst)
    assert client.get(reverse("reports:population_add")).status_code == 200
    response = client.post(reverse("reports:population_add"), {
        "area": HONGHE, "year": 2021, "total": HONGHE_2020[0], "aged_60_plus": HONGHE_2020[1],
        "source": "第七次全国人口普查"})
    assert response.status_code == 302
    refused = client.post(reverse("reports:population_add"), {
        "area": GEJIU, "year": 2021, "total": 10, "aged_60_plus": 11, "source": "普查"})
    assert refused.status_code == 200 and "不能多于常住人口" in refused.content.decode()
    assert list(ResidentPopulation.objects.values_list("area_id", "total")) == [(HONGHE, HONGHE_2020[0])]


# --- the import: all rows or none -------------------------------------------------------------------

def _xlsx(rows: list[list]) -> io.BytesIO:
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["红河州常住人口(第七次全国人口普查)"])
    for i, row in enumerate([["区划代码", "区划名称", "年度", "常住人口", "60岁及以上", "数据来源"], *rows], start=1):
        sheet.write_row(i, 0, row)
    workbook.close()
    out.seek(0)
    out.name = "population.xlsx"
    return out


@pytest.mark.django_db
def test_an_import_writes_every_row(analyst):
    sheet = _xlsx([[HONGHE, "红河州", 2020, *HONGHE_2020, "第七次全国人口普查"],
                   [GEJIU, "个旧市", 2020, "459,781", 85_000, "第七次全国人口普查"]])
    read = population_rows_read(sheet, filename="population.xlsx")
    assert not read.errors
    assert resident_population_import(actor=analyst, scope=scope_for(analyst), rows=read.rows, where=read.where) == 2
    assert dict(ResidentPopulation.objects.values_list("area_id", "total")) == {HONGHE: 4_478_400, GEJIU: 459_781}
    assert Event.objects.filter(verb="resident_population_imported", data__rows=2).exists()


@pytest.mark.django_db
def test_a_bad_row_refuses_the_file_and_names_its_row_and_column(client, analyst):
    client.force_login(analyst)
    sheet = _xlsx([[HONGHE, "红河州", 2020, *HONGHE_2020, "第七次全国人口普查"],
                   [GEJIU, "个旧市", 2020, 100, 101, "普查"],  # more aged than people
                   [FENGXIAN, "凤县", 2020, 100, 10, "普查"],  # outside 红河州
                   ["532502", "开远市", 2020, "32.2万", 10, "普查"]])  # not a whole number
    response = client.post(reverse("reports:population_import"), {"file": sheet})
    page = response.content.decode()
    assert response.status_code == 200
    assert "第6行 D (常住人口)" in page  # the reader's error: the other rows wait for it
    assert not ResidentPopulation.objects.exists()
    read = population_rows_read(_xlsx([[HONGHE, "红河州", 2020, *HONGHE_2020, "第七次全国人口普查"],
                                       [GEJIU, "个旧市", 2020, 100, 101, "普查"],
                                       [FENGXIAN, "凤县", 2020, 100, 10, "普查"]]), filename="p.xlsx")
    assert not read.errors
    with pytest.raises(ValidationError) as refused:
        resident_population_import(actor=analyst, scope=scope_for(analyst), rows=read.rows, where=read.where)
    messages = refused.value.messages
    assert any(m.startswith("第4行 E (60岁及以上)") for m in messages)
    assert any(m.startswith("第5行 A (区划代码)") for m in messages)
    assert not ResidentPopulation.objects.exists() and not Event.objects.filter(
        verb__startswith="resident_population").exists()


# --- the roll-up rule ----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_an_area_without_its_own_figure_sums_its_sub_areas_only_when_all_have_one(admin_user):
    counties = _counties()
    assert len(counties) == 13
    for i, code in enumerate(counties):
        _save(admin_user, code, 2021, 100_000 + i, 10_000 + i)
    resolved = population_resolved(field="total", year=2021, root=YUNNAN)
    assert resolved[HONGHE] == sum(100_000 + i for i in range(13))
    assert YUNNAN not in resolved  # 15 of 云南's 16 prefectures have no figure: no partial sum
    ResidentPopulation.objects.filter(area_id=counties[-1]).delete()
    assert HONGHE not in population_resolved(field="total", year=2021, root=YUNNAN)
    _save(admin_user, HONGHE, 2021, *HONGHE_2020)  # the prefecture's own figure stands, whatever below
    assert population_resolved(field="total", year=2021, root=YUNNAN)[HONGHE] == HONGHE_2020[0]
    _save(admin_user, YUNNAN, 2021, *YUNNAN_2020)
    assert population_resolved(field="aged_60_plus", year=2021)[YUNNAN] == YUNNAN_2020[1]
    assert population_resolved(field="total", year=2020) == {}


@pytest.mark.django_db
def test_the_store_holds_each_areas_own_figure_for_the_year_and_its_months(admin_user):
    _save(admin_user, YUNNAN, 2021, *YUNNAN_2020)
    _save(admin_user, HONGHE, 2021, *HONGHE_2020)
    _save(admin_user, GEJIU, 2021, 459_781, 85_000)
    store_refresh_full(area_code=HONGHE, year=2021, today=TODAY)
    assert _value("resident_population", HONGHE, "2021") == (HONGHE_2020[0], None)
    assert _value("resident_population", YUNNAN, "2021") == (YUNNAN_2020[0], None)  # not 云南 + 红河州
    assert _value("resident_population", GEJIU, "2021-06") == (459_781, None)
    assert _value("resident_population", HONGHE, "2021Q3") == (HONGHE_2020[0], None)
    assert _value("resident_aging_share", HONGHE, "2021") == (HONGHE_2020[1], HONGHE_2020[0])
    assert _value("resident_population", "532502", "2021") is None  # no figure: no value
    store_refresh_full(area_code=GEJIU, year=2021, today=TODAY)  # a county's refresh leaves its parents right
    assert _value("resident_population", HONGHE, "2021") == (HONGHE_2020[0], None)
    assert _value("resident_population", YUNNAN, "2021") == (YUNNAN_2020[0], None)


# --- the report's sentence -----------------------------------------------------------------------------

def _report_text(code: str, year: int) -> str:
    figures = report_figures(area=Area.objects.get(code=code), year=year, today=TODAY)
    content = document_render(template=default_template(TemplateKind.REPLY), figures=figures, today=TODAY)
    return "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)


@pytest.mark.django_db
def test_the_reply_states_the_population_against_the_province(admin_user):
    _save(admin_user, YUNNAN, 2021, *YUNNAN_2020)
    _save(admin_user, HONGHE, 2021, *HONGHE_2020)
    store_refresh_full(area_code=HONGHE, year=2021, today=TODAY)
    text = _report_text(HONGHE, 2021)
    assert "全州常住人口447.84万人，其中60周岁以上老年人68.5万人，占15.29%，高于全省的14.91%。" in text
    assert "登记在册60周岁以上老年人" not in text


@pytest.mark.django_db
def test_without_a_figure_the_reply_states_the_registered_people_only(admin_user):
    store_refresh_full(area_code=HONGHE, year=2021, today=TODAY)
    text = _report_text(HONGHE, 2021)
    assert "全州登记在册60周岁以上老年人0人。" in text and "常住人口" not in text
    _save(admin_user, HONGHE, 2021, *HONGHE_2020)  # no province figure: no comparison
    store_refresh_full(area_code=HONGHE, year=2021, today=TODAY)
    assert "全州常住人口447.84万人，其中60周岁以上老年人68.5万人，占15.29%。" in _report_text(HONGHE, 2021)


@pytest.mark.django_db
def test_a_corrected_population_changes_the_regenerated_report(admin_user):
    _save(admin_user, YUNNAN, 2021, *YUNNAN_2020)
    _save(admin_user, HONGHE, 2021, *HONGHE_2020)
    store_refresh_full(area_code=HONGHE, year=2021, today=TODAY)
    assert "占15.29%，高于全省的14.91%" in _report_text(HONGHE, 2021)
    _save(admin_user, HONGHE, 2021, 4_478_400, 600_000)  # corrected: the refresh after the write recounts it
    store_refresh_incremental(today=TODAY)
    assert _value("resident_aged_60_plus", HONGHE, "2021") == (600_000, None)
    assert "其中60周岁以上老年人60万人，占13.40%，低于全省的14.91%" in _report_text(HONGHE, 2021)
    row = ResidentPopulation.objects.get(area_id=HONGHE)
    resident_population_delete(actor=admin_user, scope=scope_for(admin_user), row=row)
    store_refresh_incremental(today=TODAY)
    assert _value("resident_population", HONGHE, "2021") is None
    assert "全州登记在册60周岁以上老年人" in _report_text(HONGHE, 2021)


def test_the_sentence_names_the_whole_area_by_its_kind():
    area = Area(code=FENGXIAN, name="凤县")
    assert population_sentence(area=area, year=2021, figures={}) == ""


@pytest.mark.django_db
def test_a_missing_population_reads_as_no_figure_not_zero():
    from guanai.reports.figures import value_text
    from guanai.reports.selectors import indicator_get

    assert value_text(indicator_get(code="resident_population"), 0, None) == "—"
    assert value_text(indicator_get(code="aged_60_plus"), 0, None) == "0"  # the registry's count is a count


@pytest.mark.django_db
def test_the_admin_enters_a_province_figure_through_the_service(client, administrator):
    client.force_login(administrator)
    response = client.post("/admin/reports/residentpopulation/add/", {
        "area": YUNNAN, "year": 2020, "total": YUNNAN_2020[0], "aged_60_plus": YUNNAN_2020[1],
        "source": "第七次全国人口普查"})
    assert response.status_code == 302, response.content.decode()[:2000]
    row = ResidentPopulation.objects.get(area_id=YUNNAN, year=2020)
    assert row.entered_by == administrator
    assert Event.objects.filter(verb="resident_population_saved", area_code=YUNNAN, actor=administrator).exists()
    refused = client.post("/admin/reports/residentpopulation/add/", {
        "area": HONGHE, "year": 2020, "total": 10, "aged_60_plus": 11, "source": "普查"})
    assert refused.status_code == 200 and not ResidentPopulation.objects.filter(area_id=HONGHE).exists()
    client.post(f"/admin/reports/residentpopulation/{row.pk}/delete/", {"post": "yes"})
    assert not ResidentPopulation.objects.exists()
    assert Event.objects.filter(verb="resident_population_deleted", area_code=YUNNAN).exists()
