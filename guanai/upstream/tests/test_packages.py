"""凤县 reports to 宝鸡市 and 宝鸡市 to 陕西省: a change travels up, a replay changes nothing, an older
package never overwrites newer data, and a damaged or wrongly sent package is refused whole."""

import datetime
import json
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from guanai.facilities.tests.factories import FacilityFactory
from guanai.people.models import CategorySpell
from guanai.people.tests.factories import PersonFactory, id_number_make
from guanai.upstream import services
from guanai.upstream.models import IncomingPackage, OutgoingStatus, ReceivedRecord
from guanai.upstream.tests.factories import installations_make
from guanai.visits.tests.factories import VisitRecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def nodes():
    return installations_make()


@pytest.fixture
def child():
    number = id_number_make(birth_date=datetime.date(2015, 3, 4))
    person = PersonFactory(id_number=number, name="王小明")
    CategorySpell.objects.create(person=person, category="left_behind_child", started_on=datetime.date(2024, 1, 1),
                                 reason="父母均外出务工")
    VisitRecordFactory(person=person)
    return person


def _send(nodes, sender, receiver, path, *, full=False):
    out = services.package_pack(actor=None, local=nodes[sender].node, pair=nodes[sender].pair,
                                to=nodes[receiver].node, path=path, full=full)
    result = services.package_apply(actor=None, local=nodes[receiver].node, pair=nodes[receiver].pair, path=path)
    return out, result


def test_a_change_travels_up_and_is_acked(nodes, child, tmp_path):
    FacilityFactory(name="双石铺幸福院")
    out, result = _send(nodes, "610330", "6103", tmp_path / "first.zip", full=True)
    assert result.status == "applied", result.reason
    assert result.counts["person"] == {"new": 1, "updated": 0, "unchanged": 0}
    assert result.counts["visit"]["new"] == 1
    facility = json.loads(ReceivedRecord.objects.get(kind="facility").body)
    assert facility["name"] == "双石铺幸福院" and "bank_account" not in facility
    record = ReceivedRecord.objects.get(receiver=nodes["6103"].node, kind="person")
    body = json.loads(record.body)
    assert (record.source, record.area_code, body["name"]) == ("610330", child.area_id, "王小明")
    assert body["spells"][0]["category"] == "left_behind_child"
    assert "id_number" not in body and record.id_number_digest == child.id_number_digest

    ack = services.package_apply(actor=None, local=nodes["610330"].node, pair=nodes["610330"].pair, path=result.ack)
    assert ack.status == "applied"
    out.refresh_from_db()
    assert out.status == OutgoingStatus.ACKED

    child.name = "王晓明"
    child.save()
    _, second = _send(nodes, "610330", "6103", tmp_path / "second.zip")
    assert second.counts["person"] == {"new": 0, "updated": 1, "unchanged": 0}
    assert second.counts["visit"] == {"new": 0, "updated": 0, "unchanged": 0}
    assert json.loads(ReceivedRecord.objects.get(kind="person").body)["name"] == "王晓明"


def test_replay_and_older_package_change_nothing(nodes, child, tmp_path):
    services.package_pack(actor=None, local=nodes["610330"].node, pair=nodes["610330"].pair,
                                to=nodes["6103"].node, path=tmp_path / "old.zip", full=True)
    child.name = "王晓明"
    child.save()
    _, new = _send(nodes, "610330", "6103", tmp_path / "new.zip", full=True)
    assert new.status == "applied"
    before = list(ReceivedRecord.objects.values_list("pk", "version", "body"))

    older = services.package_apply(actor=None, local=nodes["6103"].node, pair=nodes["6103"].pair,
                                   path=tmp_path / "old.zip")
    assert older.counts["person"] == {"new": 0, "updated": 0, "unchanged": 1}
    replay = services.package_apply(actor=None, local=nodes["6103"].node, pair=nodes["6103"].pair,
                                    path=tmp_path / "new.zip")
    assert replay.status == "duplicate"
    assert list(ReceivedRecord.objects.values_list("pk", "version", "body")) == before


def test_relayed_to_the_province_with_its_source(nodes, child, tmp_path):
    _send(nodes, "610330", "6103", tmp_path / "county.zip", full=True)
    _, result = _send(nodes, "6103", "61", tmp_path / "prefecture.zip", full=True)
    assert result.status == "applied", result.reason
    record = ReceivedRecord.objects.get(receiver=nodes["61"].node, kind="person")
    assert record.source == "610330" and record.id_number_digest == child.id_number_digest


def _rewrite(source, target, change):
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = change(item.filename, old.read(item.filename))
            if data is not None:
                new.writestr(item.filename, data)


@pytest.mark.parametrize(("case", "reason"), [
    ("truncated", "截断"), ("altered_part", "改动"), ("altered_manifest", "签名不符"), ("unsigned", "没有签名"),
    ("wrong_receiver", "不是本节点"),
])
def test_bad_packages_are_refused_whole(nodes, child, tmp_path, case, reason):
    good = tmp_path / "good.zip"
    services.package_pack(actor=None, local=nodes["610330"].node, pair=nodes["610330"].pair, to=nodes["6103"].node,
                          path=good, full=True)
    bad = tmp_path / "bad.zip"
    if case == "truncated":
        bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    elif case == "altered_part":
        def flip(name, data):
            return data[:-5] + bytes([data[-5] ^ 1]) + data[-4:] if name == "parts/visit.jsonl.sm4" else data
        _rewrite(good, bad, flip)
    elif case == "altered_manifest":
        _rewrite(good, bad, lambda name, data: data.replace(b'"full": true', b'"full": false')
                 if name == "manifest.json" else data)
    elif case == "unsigned":
        _rewrite(good, bad, lambda name, data: None if name == "manifest.sig" else data)
    else:
        result = services.package_apply(actor=None, local=nodes["61"].node, pair=nodes["61"].pair, path=good)
        assert result.refused and reason in result.reason
        return
    result = services.package_apply(actor=None, local=nodes["6103"].node, pair=nodes["6103"].pair, path=bad)
    assert result.refused and reason in result.reason, result.reason
    assert not ReceivedRecord.objects.exists()
    assert IncomingPackage.objects.get().status == "refused"


def test_command_pack_apply_and_refusal_exit(nodes, child, tmp_path, settings):
    from guanai.upstream import installation

    key_file = tmp_path / "key.json"
    settings.GUANAI_NODE_CODE, settings.GUANAI_NODE_KEY_FILE = "610330", key_file
    from guanai.upstream import sealing

    sealing.keypair_save(nodes["610330"].pair, key_file, node_code="610330")
    assert installation.local_keypair().fingerprint == nodes["610330"].pair.fingerprint
    call_command("exchange", "pack", "--to", "6103", "--full", "-o", str(tmp_path / "p.zip"))
    with pytest.raises(CommandError, match="refused"):  # addressed to 6103, applied at 610330
        call_command("exchange", "apply", str(tmp_path / "p.zip"))
    call_command("exchange", "keys")
