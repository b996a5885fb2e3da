"""One ID in two counties lands on 宝鸡市's conflict list with both versions; the decision flows back
to 凤县, where a person changed since becomes a conflict of its own instead of being overwritten; a
child of 凤县 registered in 太白县 reaches 凤县's worklist."""

import datetime

import pytest

from guanai.accounts.scoping import Scope
from guanai.people import idcipher
from guanai.people.services import id_number_columns
from guanai.people.tests.factories import PersonFactory, id_number_make
from guanai.upstream import services
from guanai.upstream.models import Conflict, FlowbackItem
from guanai.upstream.tests.factories import installations_make

pytestmark = pytest.mark.django_db
TAIBAI = "610331"


def _pack(nodes, sender, receiver, path, full=True):
    services.package_pack(actor=None, local=nodes[sender].node, pair=nodes[sender].pair, to=nodes[receiver].node,
                          path=path, full=full)
    return path


def _apply(nodes, receiver, path):
    result = services.package_apply(actor=None, local=nodes[receiver].node, pair=nodes[receiver].pair, path=path)
    assert not result.refused, result.reason
    return result


def test_one_id_in_two_counties_and_the_decision_flows_back(tmp_path, county):
    nodes = installations_make()
    number = id_number_make(birth_date=datetime.date(2014, 5, 6))
    fengxian = PersonFactory(id_number=number, name="李子涵")
    county_package = _pack(nodes, "610330", "6103", tmp_path / "fengxian.zip")
    # The two counties are separate installations; in this one test database the same number cannot be
    # held twice, so 凤县's record lends it to 太白县 while 太白县 packs, and gets it back afterwards.
    other = id_number_make(birth_date=datetime.date(2014, 5, 6), sequence=499)
    type(fengxian).objects.filter(pk=fengxian.pk).update(**id_number_columns(other))
    taibai = PersonFactory(id_number=number, name="李子涵", area_id=TAIBAI)
    taibai_package = _pack(nodes, TAIBAI, "6103", tmp_path / "taibai.zip")
    taibai.delete()
    type(fengxian).objects.filter(pk=fengxian.pk).update(**id_number_columns(number))

    _apply(nodes, "6103", county_package)
    _apply(nodes, "6103", taibai_package)
    conflict = Conflict.objects.get(node=nodes["6103"].node)
    assert conflict.kind == "two_areas" and conflict.id_number_digest == idcipher.digest(number)
    assert {conflict.local_source, conflict.incoming_source} == {"610330", TAIBAI}
    assert conflict.local["name"] == conflict.incoming["name"] == "李子涵"

    # 凤县 changes the person after reporting it; then 宝鸡市 decides for 太白县.
    fengxian.refresh_from_db()
    fengxian.phone = "13800000000"
    fengxian.save()
    services.conflict_decide(actor=None, scope=Scope("6103"), conflict=conflict, decision="take_incoming"
                             if conflict.incoming_source == TAIBAI else "keep_local", note="经核实在太白县居住")
    flowback = _pack(nodes, "6103", "610330", tmp_path / "flowback.zip", full=False)
    result = _apply(nodes, "610330", flowback)
    assert result.counts["flowback"]["conflicts"] == 1
    items = FlowbackItem.objects.filter(node=nodes["610330"].node)
    topics = set(items.values_list("topic", flat=True))
    assert topics == {"conflict_decided", "registered_elsewhere"}
    decided = items.get(topic="conflict_decided")
    assert decided.person == fengxian and decided.summary["kept_by"] == TAIBAI
    both = Conflict.objects.get(node=nodes["610330"].node)
    assert both.kind == "both_changed" and both.local["name"] == "李子涵"
    fengxian.refresh_from_db()
    assert fengxian.phone == "13800000000"  # nothing overwritten

    # The worklist item is handled by the county officer; the outsider's scope cannot reach it.
    services.flowback_handle(actor=county, scope=Scope("610330"), item=decided, note="已联系太白县")
    decided.refresh_from_db()
    assert decided.handled_by == county
    replay = services.package_apply(actor=None, local=nodes["610330"].node, pair=nodes["610330"].pair, path=flowback)
    assert replay.status == "duplicate"


def test_a_move_out_reported_by_one_county_reaches_the_destinations_worklist(tmp_path, county):
    from guanai.accounts.scoping import scope_for
    from guanai.people.services import person_move_out

    nodes = installations_make()
    person = PersonFactory(id_number=id_number_make(birth_date=datetime.date(2015, 7, 8)), name="王小军")
    person_move_out(actor=county, scope=scope_for(county), person=person, moved_on=datetime.date(2026, 10, 1),
                    to_code="610331001001", to_place="太白县咀头镇")
    _apply(nodes, "6103", _pack(nodes, "610330", "6103", tmp_path / "fengxian.zip"))
    _apply(nodes, TAIBAI, _pack(nodes, "6103", TAIBAI, tmp_path / "to-taibai.zip"))
    item = FlowbackItem.objects.get(node=nodes[TAIBAI].node)
    assert (item.topic, item.area_code, item.summary["person"]["name"]) == ("moved_in", "610331001001", "王小军")
    assert item.summary["person"]["moved_out_on"] == "2026-10-01" and item.id_number_masked == person.id_number_masked
    # 凤县 itself gets nothing back about its own person
    _apply(nodes, "610330", _pack(nodes, "6103", "610330", tmp_path / "to-fengxian.zip"))
    assert not FlowbackItem.objects.filter(node=nodes["610330"].node).exists()
