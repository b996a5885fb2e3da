"""A death list and a tekun roster against 新民街's people: matches become flags and nothing changes
until the county officer decides; accepting runs the consequence through the services; a second run
of the same file raises nothing new and says what changed; unmatched and invalid rows are reported."""

import datetime

import pytest
from django.urls import reverse

from guanai.accounts.scoping import scope_for
from guanai.audit.models import Event
from guanai.benefits.models import EnrollmentStop
from guanai.benefits.tests.factories import EnrollmentFactory
from guanai.comparisons import services
from guanai.comparisons.models import ComparisonRow, Flag, FlagStatus
from guanai.comparisons.reading import FileError
from guanai.people.models import CategorySpell
from guanai.people.tests.factories import LONGKOU, PersonFactory, id_number_make
from guanai.visits.followups import followups_sync
from guanai.visits.models import FollowUp

pytestmark = pytest.mark.django_db


@pytest.fixture
def orphan():
    person = PersonFactory(id_number=id_number_make(birth_date=datetime.date(2014, 2, 3)), name="赵浩然")
    CategorySpell.objects.create(person=person, category="orphan", started_on=datetime.date(2022, 1, 1),
                                 reason="双亲亡故")
    EnrollmentFactory(person=person)
    return person


def _csv(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _death_list(tmp_path, orphan, header="死亡日期"):
    stranger = id_number_make(birth_date=datetime.date(1950, 1, 1), address_code="610331", sequence=7)
    return _csv(tmp_path, "deaths.csv", f"姓名,身份证号,{header}\n赵浩然,"
                f"{_number(orphan)},2026-10-15\n外县人,{stranger},2026-10-01\n错号人,610330201401010000,2026-10-02\n")


def _number(person):
    from guanai.people import idcipher

    return idcipher.decrypt(person.id_number_cipher)


def test_a_death_is_a_flag_until_accepted(county, orphan, tmp_path):
    from guanai.visits.followups import followups_sync
    from guanai.visits.models import FollowUp

    scope = scope_for(county)
    type(orphan).objects.filter(pk=orphan.pk).update(risk_level="medium")
    followups_sync(on=datetime.date(2026, 9, 1), person_ids=[orphan.pk])  # followed since before the death
    run = services.comparison_run(actor=county, scope=scope, source="deaths", path=_death_list(tmp_path, orphan))
    assert (run.rows, run.matched, run.unmatched, run.invalid, run.flags) == (3, 1, 1, 1, 1)
    flag = Flag.objects.get()
    assert flag.kind == "died" and "2026年11月" in flag.proposal
    orphan.refresh_from_db()
    assert orphan.died_on is None and not EnrollmentStop.objects.exists()  # nothing without a decision

    services.flag_decide(actor=county, scope=scope, flag=flag, accept=True, note="已核实死亡证明")
    orphan.refresh_from_db()
    assert orphan.died_on == datetime.date(2026, 10, 15)
    assert not CategorySpell.objects.filter(person=orphan, ended_on__isnull=True).exists()
    # The categories and the follow-up end on the day of death, not on the day the flag was accepted.
    assert set(CategorySpell.objects.filter(person=orphan).values_list("ended_on", flat=True)) == {
        datetime.date(2026, 10, 15)}
    assert FollowUp.objects.get(person=orphan).ended_on == datetime.date(2026, 10, 15)
    assert Event.objects.get(verb="followups_ended", area_code=orphan.area_id).data == {
        "ended": 1, "counts_from": "2026-10-01"}
    stop = EnrollmentStop.objects.get()
    assert stop.kind == "death" and stop.stop_month == datetime.date(2026, 11, 1)
    assert Event.objects.filter(verb="comparison_flag_accepted", object_id=str(orphan.pk)).exists()

    again = services.comparison_run(actor=county, scope=scope, source="deaths", path=_death_list(tmp_path, orphan))
    assert again.flags == 0 and again.changes == {"previous": run.pk, "new": 0, "gone": 0, "changed": 0}
    assert ComparisonRow.objects.filter(run=again, status="invalid").get().message.startswith("身份证号")


def test_tekun_stops_the_orphan_allowance_and_bulk_reject(county, orphan, tmp_path):
    scope = scope_for(county)
    other = PersonFactory(id_number=id_number_make(birth_date=datetime.date(1940, 1, 1)), area_id=LONGKOU)
    path = _csv(tmp_path, "tekun.csv", f"身份证号,姓名,认定日期\n{_number(orphan)},赵浩然,2026-09-01\n"
                                       f"{_number(other)},某某,2026-09-01\n")
    services.comparison_run(actor=county, scope=scope, source="tekun", path=path)
    flags = {f.person_id: f for f in Flag.objects.all()}
    services.flag_decide(actor=county, scope=scope, flag=flags[orphan.pk], accept=True)
    orphan.refresh_from_db()
    assert orphan.tekun and EnrollmentStop.objects.get().enrollment.programme_id == "orphan_allowance"
    result = services.flags_decide(actor=county, scope=scope, flag_ids=[flags[other.pk].pk], accept=False)
    assert result == {"done": 1, "failed": {}}
    other.refresh_from_db()
    assert not other.tekun and Flag.objects.get(pk=flags[other.pk].pk).status == FlagStatus.REJECTED


def test_a_departments_headers_are_mapped_once(county, orphan, tmp_path):
    scope = scope_for(county)
    path = _death_list(tmp_path, orphan, header="亡故日期")
    with pytest.raises(FileError, match="死亡日期"):
        services.comparison_run(actor=county, scope=scope, source="deaths", path=path)
    services.mapping_save(actor=county, scope=scope, source="deaths", mapping={"亡故日期": "died_on"})
    assert services.comparison_run(actor=county, scope=scope, source="deaths", path=path).flags == 1


def test_pages_for_the_personas(client, county, outsider, director, orphan, tmp_path):
    services.comparison_run(actor=county, scope=scope_for(county), source="deaths", path=_death_list(tmp_path, orphan))
    client.force_login(county)
    assert "赵浩然" in client.get(reverse("comparisons:flags")).content.decode()
    flag = Flag.objects.get()
    response = client.post(reverse("comparisons:decide"), {"flag": [flag.pk], "action": "reject", "note": "重名"})
    assert response.status_code == 302 and Flag.objects.get().status == FlagStatus.REJECTED
    for stranger in (outsider, director):  # village staff may not run comparisons
        client.force_login(stranger)
        assert client.get(reverse("comparisons:flags")).status_code == 403
        assert client.get(reverse("comparisons:run", args=[flag.run_id])).status_code == 403


def test_moves_out_stop_payments_and_a_parent_back_home_is_no_longer_away(county, orphan, tmp_path):
    scope = scope_for(county)
    parent = PersonFactory(id_number=id_number_make(birth_date=datetime.date(1988, 3, 1)), name="赵建国",
                           is_migrant_worker=True, away_scope="out_of_province")
    path = _csv(tmp_path, "moves.csv", f"身份证号,姓名,迁移日期,迁入地区划代码,迁入地\n"
                                       f"{_number(orphan)},赵浩然,2026-10-01,610331001001,太白县\n"
                                       f"{_number(parent)},赵建国,2026-10-02,610330100007,新民街社区\n")
    run = services.comparison_run(actor=county, scope=scope, source="moves", path=path)
    assert run.flags == 2
    moved, back = Flag.objects.get(kind="moved_out"), Flag.objects.get(kind="parent_back")
    assert (moved.person_id, back.person_id) == (orphan.pk, parent.pk)
    type(orphan).objects.filter(pk=orphan.pk).update(risk_level="medium")
    followups_sync(on=datetime.date(2026, 9, 1), person_ids=[orphan.pk])
    followed = FollowUp.objects.get(person=orphan, ended_on__isnull=True)
    services.flags_decide(actor=county, scope=scope, flag_ids=[moved.pk, back.pk], accept=True)
    parent.refresh_from_db()
    assert not parent.is_migrant_worker and parent.away_scope == ""
    assert EnrollmentStop.objects.get().stop_month == datetime.date(2026, 11, 1)
    # the transfer: 太白县 is another installation, so the orphan is marked moved out (reported up for
    # 太白县's worklist: upstream test_flowback_conflicts), the categories end and the follow-up ends
    orphan.refresh_from_db()
    assert (orphan.moved_out_on, orphan.moved_out_to) == (datetime.date(2026, 10, 1), "610331001001")
    assert not CategorySpell.objects.filter(person=orphan, ended_on__isnull=True).exists()
    assert "迁出" in CategorySpell.objects.get(person=orphan).end_reason
    followed.refresh_from_db()
    assert followed.ended_on is not None
    assert Flag.objects.get(pk=moved.pk).outcome["to_code"] == "610331001001"
