"""People an import creates get no creation history row (issue 16, part 4): the import's event lists
them, the timeline and the benefits read their creation from it, and their first change writes the
creation row from what was imported before the change itself."""

from guanai.accounts.scoping import scope_for
from guanai.audit.models import Event
from guanai.benefits.month_facts import _flag_since
from guanai.people.models import Person, TransferRequest, TransferStatus
from guanai.people.schemas import PersonIn
from guanai.people.selectors import facts_history_items, id_ranges, imported_creations
from guanai.people.services import creation_history_backfill, person_create, person_update, transfer_decide
from guanai.people.tests.factories import LONGKOU, XINMINJIE, PersonFactory
from guanai.people.tests.imports.workbooks import xlsx

HEADER = ["姓名", "身份证号", "所属村", "联系电话", "是否特困"]


def test_id_ranges_are_runs_of_consecutive_ids():
    assert id_ranges([7, 3, 4, 5, 9, 10]) == [[3, 5], [7, 7], [9, 10]]
    assert id_ranges([]) == []


def test_the_event_lists_exactly_the_people_created(run_import, ids):
    PersonFactory(name="早已登记")  # not the import's
    result, _ = run_import(xlsx([HEADER, *[[f"王{n}", ids(n), "新民街社区", "", "否"] for n in range(3)]]))
    assert result.created == 3
    created = set(Person.objects.filter(name__startswith="王").values_list("pk", flat=True))
    listed = {pid for first, last in Event.objects.get(verb="people_imported").data["created_ids"]
              for pid in range(first, last + 1)}
    assert listed == created
    assert set(imported_creations(Person.objects.values_list("pk", flat=True))) == created
    assert not Person.history.filter(id__in=created).exists()


def test_timeline_shows_the_registration_by_the_importer(run_import, ids, director):
    run_import(xlsx([HEADER, ["王秀英", ids(1), "新民街社区", "13800138000", "否"]]))
    person = Person.objects.get()
    [item] = facts_history_items(scope_for(director), person)
    assert (item.title, item.detail, item.actor, item.at) == ("登记", "表格导入", str(director), person.created_at)


def test_first_edit_records_the_imported_row_then_the_change(run_import, ids, director):
    run_import(xlsx([HEADER, ["王秀英", ids(1), "新民街社区", "13800138000", "否"]]))
    person = Person.objects.get()
    scope = scope_for(director)
    person_update(actor=director, scope=scope, person=person, data=PersonIn(
        area_code=XINMINJIE, name="王秀英", id_number=ids(1), phone="13900139000"))
    first, second = person.history.order_by("history_date", "history_id")
    assert (first.history_type, first.phone, first.history_user, first.history_date) == (
        "+", "13800138000", director, person.created_at)
    assert (second.history_type, second.phone) == ("~", "13900139000")
    items = facts_history_items(scope, person)
    change = next(item for item in items if item.title.startswith("修改"))
    assert "13800138000 → 13900139000" in change.detail
    assert [item.title for item in items].count("登记") == 1
    person_update(actor=director, scope=scope, person=person, data=PersonIn(
        area_code=XINMINJIE, name="王秀英", id_number=ids(1), phone="13700137000"))
    assert person.history.filter(history_type="+").count() == 1  # written once


def test_backfill_leaves_people_created_otherwise_alone(director):
    made = person_create(actor=director, scope=scope_for(director), data=PersonIn(
        area_code=XINMINJIE, name="李大爷", sex="男", birth_date="1940-01-01"))
    loaded = PersonFactory(name="无历史")  # as the demo loads people: no history row, no import event
    Person.history.filter(id=loaded.pk).delete()
    assert creation_history_backfill([made.pk, loaded.pk]) == 0
    assert made.history.count() == 1 and not loaded.history.exists()


def test_a_transfer_of_an_imported_person_keeps_the_imported_row(run_import, ids, director, county):
    run_import(xlsx([HEADER, ["王秀英", ids(1), "新民街社区", "", "否"]]))
    person = Person.objects.get()
    transfer = TransferRequest.objects.create(person=person, from_area_id=XINMINJIE, to_area_id=LONGKOU,
                                              requested_by=county, status=TransferStatus.PENDING,
                                              reason="迁入")
    transfer_decide(actor=county, scope=scope_for(county), transfer=transfer, accept=True)
    assert list(person.history.order_by("history_date", "history_id").values_list("history_type", flat=True)) == [
        "+", "~"]


def test_tekun_flag_counts_from_the_import(run_import, ids):
    run_import(xlsx([HEADER, ["王秀英", ids(1), "新民街社区", "", "是"], ["李桂兰", ids(2), "新民街社区", "", "否"]]))
    tekun, other = Person.objects.get(name="王秀英"), Person.objects.get(name="李桂兰")
    assert _flag_since([tekun.pk, other.pk], "tekun") == {tekun.pk: tekun.created_at.date()}
