"""Domain events of the registry (Saleor's events.py): one named function per thing that happens.

Services call these inside their own transaction, so the event and the change commit together.
Event data holds field names, ids and area codes, never an ID number or other personal values
(the values are in the history tables, which only scoped readers see).
"""

from guanai.audit.models import Event
from guanai.audit.services import event_record
from guanai.people.models import CategorySpell, ChoiceWord, Household, Person, Relationship, TransferRequest


def person_created_event(*, actor, person: Person) -> Event:
    return event_record(actor=actor, verb="person_created", object_type="person", object_id=str(person.pk),
                        area_code=person.area_id, data={"name_keys": person.name_keys.count()})


def person_updated_event(*, actor, person: Person, fields: list[str], counts_from=None) -> Event:
    """`counts_from`: the first day of the earliest month the change alters the past from (a death
    recorded late, services.counts_from): readers of the history (the analytics store) recount from it.
    A month, not the day itself."""
    data = {"fields": sorted(fields)}
    if counts_from is not None:
        data["counts_from"] = counts_from.replace(day=1).isoformat()
    return event_record(actor=actor, verb="person_updated", object_type="person", object_id=str(person.pk),
                        area_code=person.area_id, data=data)


def person_transfer_requested_event(*, actor, transfer: TransferRequest) -> Event:
    return event_record(actor=actor, verb="person_transfer_requested", object_type="person",
                        object_id=str(transfer.person_id), area_code=transfer.from_area_id,
                        data={"transfer": transfer.pk, "from_area": transfer.from_area_id,
                              "to_area": transfer.to_area_id})


def person_transfer_decided_event(*, actor, transfer: TransferRequest) -> Event:
    return event_record(actor=actor, verb=f"person_transfer_{transfer.status}", object_type="person",
                        object_id=str(transfer.person_id), area_code=transfer.to_area_id,
                        data={"transfer": transfer.pk, "from_area": transfer.from_area_id,
                              "to_area": transfer.to_area_id})


def household_created_event(*, actor, household: Household) -> Event:
    return event_record(actor=actor, verb="household_created", object_type="household",
                        object_id=str(household.pk), area_code=household.area_id)


def household_updated_event(*, actor, household: Household, fields: list[str]) -> Event:
    return event_record(actor=actor, verb="household_updated", object_type="household",
                        object_id=str(household.pk), area_code=household.area_id, data={"fields": sorted(fields)})


def relationship_added_event(*, actor, relationship: Relationship) -> Event:
    return event_record(actor=actor, verb="relationship_added", object_type="person",
                        object_id=str(relationship.person_id), area_code=relationship.person.area_id,
                        data={"relationship": relationship.pk, "relative": relationship.relative_id,
                              "kind": relationship.kind})


def relationship_ended_event(*, actor, relationship: Relationship) -> Event:
    return event_record(actor=actor, verb="relationship_ended", object_type="person",
                        object_id=str(relationship.person_id), area_code=relationship.person.area_id,
                        data={"relationship": relationship.pk, "relative": relationship.relative_id,
                              "kind": relationship.kind, "ended_on": relationship.ended_on.isoformat()})


def category_manual_added_event(*, actor, spell: CategorySpell) -> Event:
    return event_record(actor=actor, verb="category_manual_added", object_type="person",
                        object_id=str(spell.person_id), area_code=spell.person.area_id,
                        data={"spell": spell.pk, "category": spell.category,
                              "started_on": spell.started_on.isoformat()})


def category_manual_ended_event(*, actor, spell: CategorySpell) -> Event:
    return event_record(actor=actor, verb="category_manual_ended", object_type="person",
                        object_id=str(spell.person_id), area_code=spell.person.area_id,
                        data={"spell": spell.pk, "category": spell.category,
                              "ended_on": spell.ended_on.isoformat()})


def choice_words_remembered_event(*, actor, words: list[ChoiceWord]) -> Event:
    return event_record(actor=actor, verb="choice_words_remembered", object_type="choice_word",
                        data={"words": [[w.field, w.word, w.value or w.hint] for w in words]})
