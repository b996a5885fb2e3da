"""Posts go up with their holders (no phone); what 凤县 deletes goes up as a tombstone, is applied at
宝鸡市 (the record is no longer shown, and an older package cannot bring it back) and is relayed to
陕西省; a deleted spell sends its person again; payments go up once their roster is locked."""

import datetime
import json

import pytest
from django.utils import timezone

from guanai.benefits.models import Payment
from guanai.benefits.tests.factories import EnrollmentFactory, RosterFactory
from guanai.people.models import CategorySpell
from guanai.people.tests.factories import PersonFactory, id_number_make
from guanai.upstream import selectors, services
from guanai.upstream.models import ReceivedRecord, Tombstone
from guanai.upstream.tests.factories import installations_make
from guanai.visits.tests.factories import VisitRecordFactory
from guanai.workforce.tests.factories import TenureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def nodes():
    return installations_make()


def _send(nodes, sender, receiver, path, *, full=False, ack=True):
    services.package_pack(actor=None, local=nodes[sender].node, pair=nodes[sender].pair, to=nodes[receiver].node,
                          path=path, full=full)
    result = services.package_apply(actor=None, local=nodes[receiver].node, pair=nodes[receiver].pair, path=path)
    assert result.status == "applied", result.reason
    if ack:
        services.package_apply(actor=None, local=nodes[sender].node, pair=nodes[sender].pair, path=result.ack)
    return result


def _held(node, kind):
    return ReceivedRecord.objects.filter(receiver=node, kind=kind)


def test_a_post_goes_up_with_its_holders_without_their_phones(nodes, tmp_path):
    tenure = TenureFactory(name="李主任", trained_on=datetime.date(2025, 6, 1))
    result = _send(nodes, "610330", "6103", tmp_path / "full.zip", full=True)
    assert result.counts["post"] == {"new": 1, "updated": 0, "unchanged": 0}
    body = json.loads(_held(nodes["6103"].node, "post").get().body)
    assert body["kind"] == "child_director" and body["tenures"][0]["name"] == "李主任"
    assert body["tenures"][0]["trained_on"] == "2025-06-01" and "phone" not in json.dumps(body)

    tenure.ended_on, tenure.end_reason = datetime.date(2026, 3, 1), "调离"
    tenure.save()
    second = _send(nodes, "610330", "6103", tmp_path / "second.zip")
    assert second.counts["post"] == {"new": 0, "updated": 1, "unchanged": 0}
    assert json.loads(_held(nodes["6103"].node, "post").get().body)["tenures"][0]["end_reason"] == "调离"


def test_a_deletion_travels_up_and_an_older_package_cannot_undo_it(nodes, tmp_path):
    person = PersonFactory(id_number=id_number_make(birth_date=datetime.date(1950, 1, 1)), name="张大爷")
    visit = VisitRecordFactory(person=person)
    _send(nodes, "610330", "6103", tmp_path / "full.zip", full=True)
    services.package_pack(actor=None, local=nodes["610330"].node, pair=nodes["610330"].pair,
                          to=nodes["6103"].node, path=tmp_path / "older.zip", full=True)
    visit_key = str(visit.pk)
    visit.delete()
    assert Tombstone.objects.filter(kind="visit", key=visit_key, part="").exists()

    result = _send(nodes, "610330", "6103", tmp_path / "deleted.zip")
    assert result.counts["deleted"] == {"deleted": 1, "unchanged": 0}
    held = _held(nodes["6103"].node, "visit").get(key=visit_key)
    assert held.deleted and held.body == "{}"

    older = services.package_apply(actor=None, local=nodes["6103"].node, pair=nodes["6103"].pair,
                                   path=tmp_path / "older.zip")
    assert older.counts["visit"] == {"new": 0, "updated": 0, "unchanged": 1}
    assert _held(nodes["6103"].node, "visit").get(key=visit_key).deleted

    relayed = _send(nodes, "6103", "61", tmp_path / "relay.zip", full=True)
    assert relayed.counts["visit"]["new"] == 0 and relayed.counts["deleted"]["deleted"] == 1
    at_province = _held(nodes["61"].node, "visit").get(key=visit_key)
    assert at_province.deleted and at_province.source == "610330"


def test_a_deleted_person_leaves_the_received_list(nodes, tmp_path, county):
    from guanai.accounts.scoping import scope_for

    person = PersonFactory(id_number=id_number_make(birth_date=datetime.date(1950, 1, 1)), name="张大爷")
    _send(nodes, "610330", "6103", tmp_path / "full.zip", full=True)
    assert selectors.received_people(scope=scope_for(county), node=nodes["6103"].node).count() == 1
    person.delete()
    _send(nodes, "610330", "6103", tmp_path / "deleted.zip")
    record = _held(nodes["6103"].node, "person").get()
    assert record.deleted and record.id_number_cipher is None and record.id_number_digest == ""
    assert not selectors.received_people(scope=scope_for(county), node=nodes["6103"].node).exists()


def test_a_deleted_spell_sends_its_person_again(nodes, tmp_path):
    person = PersonFactory(id_number=id_number_make(birth_date=datetime.date(2015, 1, 1)))
    spell = CategorySpell.objects.create(person=person, category="left_behind_child",
                                         started_on=datetime.date(2024, 1, 1), reason="父母外出")
    _send(nodes, "610330", "6103", tmp_path / "full.zip", full=True)
    spell.delete()
    result = _send(nodes, "610330", "6103", tmp_path / "second.zip")
    assert result.counts["person"] == {"new": 0, "updated": 1, "unchanged": 0}
    assert json.loads(_held(nodes["6103"].node, "person").get().body)["spells"] == []


def test_payments_go_up_once_their_roster_is_locked(nodes, tmp_path):
    enrollment = EnrollmentFactory(person=PersonFactory(id_number=id_number_make(birth_date=datetime.date(2014, 1, 1))))
    roster = RosterFactory(programme=enrollment.programme)
    Payment.objects.create(roster=roster, enrollment=enrollment, person=enrollment.person, area_id=enrollment.area_id,
                           township_code=enrollment.area_id[:9], month=roster.month, amount_fen=100_000,
                           payee_name="赵监护人")
    first = _send(nodes, "610330", "6103", tmp_path / "draft.zip", full=True)
    assert first.counts["payment"]["new"] == 0  # an open roster's lines are a draft
    type(roster).objects.filter(pk=roster.pk).update(status="locked", locked_at=timezone.now())
    second = _send(nodes, "610330", "6103", tmp_path / "locked.zip")
    assert second.counts["payment"] == {"new": 1, "updated": 0, "unchanged": 0}
