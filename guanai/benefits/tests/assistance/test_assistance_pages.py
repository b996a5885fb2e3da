"""The county's page for statuses (record, end, import) and the admin for the exclusivity table, the
price subsidy's cover groups and the statuses: as the county, the director, the outsider and the admin."""

import datetime
import io

import pytest
from django.urls import reverse

from guanai.audit.models import Event
from guanai.benefits.models import Assistance, ExclusionKind, Payment, ProgrammeRelation, RosterExclusion
from guanai.benefits.roster_build import roster_build
from guanai.benefits.tests.factories import EnrollmentFactory, PersonFactory, RosterFactory, programme
from guanai.people.tests.factories import id_number_make
from guanai.people.tests.imports.workbooks import xlsx

D = datetime.date
pytestmark = pytest.mark.django_db


def test_the_county_records_a_status_from_the_person_page(client, county, standards):
    child = PersonFactory(name="赵特困")
    client.force_login(county)
    page = client.get(reverse("benefits:assistance_new") + f"?person={child.pk}")
    assert page.status_code == 200 and "赵特困" in page.content.decode()
    response = client.post(reverse("benefits:assistance_new"), {
        "person": child.pk, "kind": "tekun", "members": 1, "first_month": "2022-05", "evidence": "凤民发〔2022〕3号"})
    assert response.status_code == 302
    row = Assistance.objects.get(person=child)
    assert row.first_month == D(2022, 5, 1) and row.created_by == county
    listing = client.get(reverse("benefits:assistance_list")).content.decode()
    assert "赵特困" in listing and "特困供养" in listing
    client.post(reverse("benefits:assistance_end", args=[row.pk]), {"last_month": "2022-10", "reason": "死亡"})
    row.refresh_from_db()
    assert row.last_month == D(2022, 10, 1)


def test_a_bad_month_is_shown_on_the_form(client, county, standards):
    child = PersonFactory()
    client.force_login(county)
    response = client.post(reverse("benefits:assistance_new"), {
        "person": child.pk, "kind": "dibao", "members": 1, "first_month": "五月"})
    assert response.status_code == 200 and "YYYY-MM" in response.content.decode()
    assert not Assistance.objects.exists()


def test_the_import_page_names_each_bad_row(client, county, standards):
    number = id_number_make(birth_date=D(2012, 3, 4))
    PersonFactory(id_number=number, name="王小花")
    content = xlsx([["姓名", "身份证号", "类别", "起始月份"], ["王小花", number, "特困", "2022-05"],
                    ["王小花", number, "五保户", "2022-05"]])
    client.force_login(county)
    upload = io.BytesIO(content)
    upload.name = "名册.xlsx"
    text = client.post(reverse("benefits:assistance_import"), {"file": upload}).content.decode()
    assert "第3行“类别”列(C)" in text and "五保户" in text
    assert not Assistance.objects.exists()


def test_a_director_may_look_but_not_record_and_the_outsider_sees_nothing(client, director, outsider, standards):
    child = PersonFactory(name="赵特困")
    row = Assistance.objects.create(kind="tekun", person=child, area_id=child.area_id, first_month=D(2022, 5, 1))
    client.force_login(director)
    assert "赵特困" in client.get(reverse("benefits:assistance_list")).content.decode()
    assert client.post(reverse("benefits:assistance_new"), {
        "person": child.pk, "kind": "tekun", "members": 1, "first_month": "2022-05"}).status_code == 403
    client.force_login(outsider)
    assert "赵特困" not in client.get(reverse("benefits:assistance_list")).content.decode()
    assert client.post(reverse("benefits:assistance_end", args=[row.pk]),
                       {"last_month": "2022-06", "reason": "x"}).status_code in (403, 404)
    row.refresh_from_db()
    assert row.last_month is None


def test_an_admin_edit_of_a_relation_row_is_versioned_audited_and_read_by_the_next_build(
        client, administrator, standards):
    """The de facto orphan allowance is topped up over dibao (national row); a county makes it an
    exclusion in the admin: the change is an event and a version, and the next build applies it."""
    child = PersonFactory()
    Assistance.objects.create(kind="dibao", person=child, area_id=child.area_id, monthly_fen=20_000,
                              first_month=D(2022, 1, 1))
    EnrollmentFactory(person=child, programme=programme("de_facto_orphan_allowance"))
    roster = RosterFactory(programme=programme("de_facto_orphan_allowance"), month=D(2022, 8, 1))
    roster_build(roster_id=roster.pk)
    assert Payment.objects.get(roster=roster).amount_fen == 55_000
    relation = ProgrammeRelation.objects.get(programme_id="de_facto_orphan_allowance", other="dibao", area=None)
    client.force_login(administrator)
    url = reverse("admin:benefits_programmerelation_change", args=[relation.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"programme": relation.programme_id, "other": "dibao", "effect": "excluded",
                                 "area": "", "effective_from": "2020-01-01", "effective_to": "",
                                 "source": relation.source})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Event.objects.filter(object_type__icontains="programmerelation").exists()
    assert relation.history.count() == 2 and relation.history.earliest().effect == "top_up"
    roster_build(roster_id=roster.pk)
    assert not Payment.objects.filter(roster=roster).exists()
    assert RosterExclusion.objects.get(roster=roster).kind == ExclusionKind.EXCLUDED


@pytest.mark.parametrize("model", ["programmerelation", "pricecovergroup", "assistance"])
def test_the_admin_lists_them(client, administrator, model):
    client.force_login(administrator)
    assert client.get(reverse(f"admin:benefits_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:benefits_{model}_add")).status_code == 200


def test_a_status_is_ended_in_the_admin_never_deleted(client, administrator):
    child = PersonFactory()
    row = Assistance.objects.create(kind="tekun", person=child, area_id=child.area_id, first_month=D(2022, 5, 1))
    client.force_login(administrator)
    assert client.get(reverse("admin:benefits_assistance_delete", args=[row.pk])).status_code == 403
    assert Assistance.objects.filter(pk=row.pk).exists()
