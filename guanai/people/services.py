"""Every write to the registry (HackSoft services): keyword-only, typed, full_clean, one transaction
each, with the domain event (events.py) written in that transaction.

`actor` is the signed-in user, or None for a system action (a management command, the demo loader).
A user needs Capability.PEOPLE_EDIT for writes and ID_NUMBER_VIEW to reveal an ID number; the area
of everything touched must lie in the caller's `scope`.

One ID number is one person: the keyed digest finds an existing holder. In the caller's scope that
is `PersonExists`; elsewhere a TransferRequest to the holder's area is committed and
`PersonExistsElsewhere` raised. After every change of facts the rules recompute the categories of
the person and of everyone linked to them (a child's categories follow its parents' facts).
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from guanai.accounts.roles import Capability, require_capability
from guanai.accounts.scoping import Scope, require_in_scope
from guanai.areas.models import Area
from guanai.audit.models import AccessAction
from guanai.audit.services import access_log_write, purpose_check
from guanai.core.errors import Conflict
from guanai.people import events, idcipher, idnumbers
from guanai.people.models import (
    Category,
    CategorySpell,
    ChoiceWord,
    Household,
    NameKey,
    Person,
    Relationship,
    RelationshipKind,
    SpellSource,
    TransferRequest,
    TransferStatus,
)
from guanai.people.pinyin import name_keys
from guanai.people.schemas import HouseholdIn, PersonIn
from guanai.people.selectors import imported_creations

NAME_KEY_BATCH = 2000


class PersonExists(Conflict):
    """The ID number already belongs to a person the caller can see (one ID number, one person)."""

    def __init__(self, person: Person):
        self.person = person
        super().__init__(f"该身份证号已登记为“{person.name}”（编号{person.pk}），请直接修改该记录 / "
                         f"this ID number is already registered (person #{person.pk}); edit that record")

    def answer(self) -> dict:
        return {"detail": str(self), "person_id": self.person.pk}


class PersonExistsElsewhere(Conflict):
    """The ID number belongs to a person in another area; a transfer request has been sent there."""

    def __init__(self, person: Person, transfer: TransferRequest):
        self.person = person
        self.transfer = transfer
        super().__init__(f"该身份证号已在{person.area.name}登记，已向该地区发出迁移申请（编号{transfer.pk}） / "
                         f"this ID number is registered in {person.area_id}; transfer request #{transfer.pk} "
                         "was sent to that area")

    def answer(self) -> dict:
        # The person is outside the caller's scope: name the transfer request only, never the person.
        return {"detail": str(self), "transfer_id": self.transfer.pk}


def _history_user(instance, actor):
    """simple_history records `_history_user` as the author of the history row."""
    if actor is not None:
        instance._history_user = actor
    return instance


def _village(code: str) -> Area:
    area = Area.objects.filter(pk=code).first()
    if area is None or area.level != "village":
        raise ValidationError({"area_code": f"“{code}”不是村(社区)区划代码 / is not a village area code"})
    return area


def id_number_columns(number: str | None) -> dict:
    """The three stored forms of an ID number (encrypted, keyed digest, masked); the only way in."""
    if not number:
        return {"id_number_cipher": None, "id_number_digest": None, "id_number_masked": ""}
    return {"id_number_cipher": idcipher.encrypt(number), "id_number_digest": idcipher.digest(number),
            "id_number_masked": idnumbers.mask(number)}


IMPORT_CHANGE_REASON = "表格导入 / sheet import"  # the history rows an import writes (imports.py)


def creation_history_backfill(person_ids: Iterable[int]) -> int:
    """Before the first change of people an import created, write their creation history row ('+',
    dated when they were imported, by whom the import's event says) from their stored row: an import
    writes none (issue 16; its event lists whom it created), and a change must be told against what
    was there. People with history, and people created otherwise, are left alone. Call inside the
    change's transaction, before the change is saved; returns the rows written."""
    ids = set(person_ids)
    if not ids:
        return 0
    have = set(Person.history.filter(id__in=ids).values_list("id", flat=True).distinct())
    creations = imported_creations(ids - have)
    by_actor: dict[int | None, list[int]] = {}
    for pid, creation in creations.items():
        by_actor.setdefault(creation.actor.pk if creation.actor else None, []).append(pid)
    for actor_id, pids in by_actor.items():
        for start in range(0, len(pids), NAME_KEY_BATCH):
            batch = pids[start:start + NAME_KEY_BATCH]
            with connection.cursor() as cursor:
                cursor.execute(_creation_rows_sql(len(batch)), [IMPORT_CHANGE_REASON, actor_id, *batch])
    return len(creations)


def _creation_rows_sql(count: int) -> str:
    """INSERT ... SELECT of `count` people's rows into their history as '+' rows dated created_at."""
    history, ops = Person.history.model, connection.ops
    person_columns = {f.attname for f in Person._meta.concrete_fields}
    names = ", ".join(ops.quote_name(f.column) for f in history._meta.concrete_fields if f.attname in person_columns)
    marks = ", ".join(["%s"] * count)
    return (f"INSERT INTO {ops.quote_name(history._meta.db_table)} ({names}, history_date, "  # noqa: S608 - _meta
            f"history_change_reason, history_type, history_user_id) SELECT {names}, created_at, %s, '+', %s "
            f"FROM {ops.quote_name(Person._meta.db_table)} WHERE id IN ({marks})")


def person_write_name_keys(persons: list[Person], *, replace: bool = True) -> int:
    """Write the pinyin search keys of `persons` (saved people); bulk, for the import too.
    `replace=False` skips deleting old keys, for people created just now."""
    if replace:
        ids = [p.pk for p in persons]
        for start in range(0, len(ids), NAME_KEY_BATCH):  # SQLite limits the parameters of one query
            NameKey.objects.filter(person_id__in=ids[start:start + NAME_KEY_BATCH]).delete()
    rows = [NameKey(person=p, area_id=p.area_id, key=key) for p in persons for key in name_keys(p.name)]
    NameKey.objects.bulk_create(rows, batch_size=NAME_KEY_BATCH)
    return len(rows)


def spells_area_follow(persons: list[Person]) -> int:
    """Move the spells of `persons` (saved, whose area may have changed) to their person's area: a
    spell keeps a copy of it (CategorySpell.area). Called wherever a person's area changes; the
    number of spells moved."""
    by_area: dict[str, list[int]] = {}
    for person in persons:
        by_area.setdefault(person.area_id, []).append(person.pk)
    moved = 0
    for area_id, ids in by_area.items():
        for start in range(0, len(ids), NAME_KEY_BATCH):  # SQLite limits the parameters of one query
            moved += (CategorySpell.objects.filter(person_id__in=ids[start:start + NAME_KEY_BATCH])
                      .exclude(area_id=area_id).update(area_id=area_id))
    return moved


def linked_person_ids(person_ids: Iterable[int]) -> set[int]:
    """The people and everyone whose categories can follow their facts (both ends of relationships)."""
    ids = set(person_ids)
    pairs = Relationship.objects.filter(Q(person_id__in=ids) | Q(relative_id__in=ids)).values_list(
        "person_id", "relative_id")
    for person_id, relative_id in pairs:
        ids.update((person_id, relative_id))
    return ids


def _recompute(person_ids: Iterable[int], *, actor) -> None:
    from guanai.people.spells import categories_recompute  # the rules' module; imported late on purpose

    categories_recompute(person_ids=sorted(linked_person_ids(person_ids)), on=timezone.localdate(), actor=actor)


def _household_for(*, scope: Scope, household_id: int | None, area: Area) -> Household | None:
    if household_id is None:
        return None
    household = Household.objects.filter(pk=household_id).first()
    if household is None or not scope.contains(household.area_id):
        raise ValidationError({"household_id": "家庭不存在 / no such household"})
    if household.area_id != area.pk:
        raise ValidationError({"household_id": "家庭与本人不在同一村(社区) / the household is in another village"})
    return household


def _holder_of(number: str, *, exclude_pk: int | None = None) -> Person | None:
    holders = Person.objects.select_related("area").filter(id_number_digest__in=idcipher.digests(number))
    if exclude_pk is not None:
        holders = holders.exclude(pk=exclude_pk)
    return holders.first()


# Facts whose date ends a person's categories on that day, however late it is recorded (spells.spell_end_day).
DATED_FACTS = ("died_on",)


def counts_from(before: dict, after: dict) -> datetime.date | None:
    """The earliest day a change of DATED_FACTS alters the past from: the earlier of the old and new
    dates of each fact that changed (a death recorded, moved or withdrawn), or None when none changed.
    Its event carries the month, and the store recounts every month from it (reports.services)."""
    days = [day for name in DATED_FACTS if before.get(name) != after.get(name)
            for day in (before.get(name), after.get(name)) if day is not None]
    return min(days) if days else None


def person_create(*, actor, scope: Scope, data: PersonIn) -> Person:
    """Register a person. Raises PersonExists / PersonExistsElsewhere (after committing the transfer
    request; inside a caller's own transaction the request stands or falls with it)."""
    with transaction.atomic():
        created = _person_create(actor=actor, scope=scope, data=data)
    if isinstance(created, TransferRequest):
        raise PersonExistsElsewhere(created.person, created)
    return created


def _person_create(*, actor, scope: Scope, data: PersonIn) -> Person | TransferRequest:
    require_capability(actor, Capability.PEOPLE_EDIT, allow_system=True)
    require_in_scope(scope=scope, area_code=data.area_code)
    area = _village(data.area_code)
    if data.id_number and (holder := _holder_of(data.id_number)):
        if scope.contains(holder.area_id):
            raise PersonExists(holder)
        return _transfer_request(actor=actor, person=holder, to_area=area)
    household = _household_for(scope=scope, household_id=data.household_id, area=area)
    person = Person(area=area, household=household, **data.person_fields(), **id_number_columns(data.id_number))
    person.full_clean()
    _history_user(person, actor).save()
    person_write_name_keys([person], replace=False)
    events.person_created_event(actor=actor, person=person)
    _recompute([person.pk], actor=actor)
    person.refresh_from_db(fields=["risk_level"])
    return person


def _transfer_request(*, actor, person: Person, to_area: Area) -> TransferRequest:
    pending = TransferRequest.objects.filter(person=person, to_area=to_area, status=TransferStatus.PENDING).first()
    if pending is not None:
        return pending
    if actor is None:
        raise PermissionDenied("系统操作不能发起迁移申请 / a system action cannot request a transfer")
    transfer = TransferRequest(person=person, from_area=person.area, to_area=to_area, requested_by=actor,
                               reason=f"{to_area.name}登记同一身份证号 / the same ID number was registered in "
                                      f"{to_area.pk}")
    transfer.full_clean()
    transfer.save()
    events.person_transfer_requested_event(actor=actor, transfer=transfer)
    return transfer


@transaction.atomic
def person_update(*, actor, scope: Scope, person: Person, data: PersonIn) -> Person:
    """Write the fields the caller set (data.model_fields_set). An empty ID number leaves the stored
    one as it is: clearing an ID number is not an edit a form can make by accident."""
    require_capability(actor, Capability.PEOPLE_EDIT, allow_system=True)
    require_in_scope(scope=scope, area_code=person.area_id)
    given = data.model_fields_set
    changed: list[str] = []
    if "area_code" in given and data.area_code != person.area_id:
        require_in_scope(scope=scope, area_code=data.area_code)
        person.area = _village(data.area_code)
        changed.append("area")
    if data.id_number and person.id_number_digest not in idcipher.digests(data.id_number):
        if holder := _holder_of(data.id_number, exclude_pk=person.pk):
            raise PersonExists(holder)
        for name, value in id_number_columns(data.id_number).items():
            setattr(person, name, value)
        changed.append("id_number")
    if "household_id" in given and data.household_id != person.household_id:
        person.household = _household_for(scope=scope, household_id=data.household_id, area=person.area)
        changed.append("household")
    elif "area" in changed and person.household_id and person.household.area_id != person.area_id:
        person.household = None
        changed.append("household")
    before = {name: getattr(person, name) for name in DATED_FACTS}
    for name, value in data.person_fields(only_set=True).items():
        if getattr(person, name) != value:
            setattr(person, name, value)
            changed.append(name)
    if not changed:
        return person
    person.full_clean()
    creation_history_backfill([person.pk])
    _history_user(person, actor).save()
    if {"name", "area"} & set(changed):
        person_write_name_keys([person])
    if "area" in changed:
        spells_area_follow([person])
    events.person_updated_event(actor=actor, person=person, fields=changed,
                                counts_from=counts_from(before, {name: getattr(person, name) for name in DATED_FACTS}))
    _recompute([person.pk], actor=actor)
    person.refresh_from_db(fields=["risk_level"])
    return person


@transaction.atomic
def household_create(*, actor, scope: Scope, data: HouseholdIn) -> Household:
    require_capability(actor, Capability.PEOPLE_EDIT, allow_system=True)
    require_in_scope(scope=scope, area_code=data.area_code)
    household = Household(area=_village(data.area_code), address=data.address, hukou_type=data.hukou_type)
    household.full_clean()
    _history_user(household, actor).save()
    if data.head_id is not None:
        _household_head_set(actor=actor, scope=scope, household=household, head_id=data.head_id)
    events.household_created_event(actor=actor, household=household)
    return household


def _household_head_set(*, actor, scope: Scope, household: Household, head_id: int) -> None:
    head = Person.objects.filter(pk=head_id).first()
    if head is None or not scope.contains(head.area_id):
        raise ValidationError({"head_id": "户主不存在 / no such person"})
    if head.area_id != household.area_id:
        raise ValidationError({"head_id": "户主与家庭不在同一村(社区) / the head lives in another village"})
    household.head = head
    _history_user(household, actor).save()
    if head.household_id != household.pk:
        head.household = household
        _history_user(head, actor).save()


@transaction.atomic
def household_update(*, actor, scope: Scope, household: Household, data: HouseholdIn) -> Household:
    require_capability(actor, Capability.PEOPLE_EDIT, allow_system=True)
    require_in_scope(scope=scope, area_code=household.area_id)
    changed = []
    if data.area_code != household.area_id:
        require_in_scope(scope=scope, area_code=data.area_code)
        if household.members.exists():
            raise ValidationError({"area_code": "家庭还有成员，不能改到其他村(社区) / the household still has "
                                                "members; move them first"})
        household.area = _village(data.area_code)
        changed.append("area")
    for name in ("address", "hukou_type"):
        if getattr(household, name) != getattr(data, name):
            setattr(household, name, getattr(data, name))
            changed.append(name)
    household.full_clean()
    _history_user(household, actor).save()
    if data.head_id != household.head_id:
        if data.head_id is None:
            household.head = None
            household.save()
        else:
            _household_head_set(actor=actor, scope=scope, household=household, head_id=data.head_id)
        changed.append("head")
    if changed:
        events.household_updated_event(actor=actor, household=household, fields=changed)
        _recompute(household.members.values_list("pk", flat=True), actor=actor)
    return household


@transaction.atomic
def relationship_add(*, actor, scope: Scope, person: Person, relative: Person, kind: str,
                     started_on: datetime.date | None = None, notes: str = "") -> Relationship:
    """`relative` is `kind` of `person` (the child's mother: person=child, relative=mother, parent)."""
    require_capability(actor, Capability.PEOPLE_EDIT, allow_system=True)
    require_in_scope(scope=scope, area_code=person.area_id)
    require_in_scope(scope=scope, area_code=relative.area_id)
    if kind not in RelationshipKind.values:
        raise ValidationError({"kind": f"“{kind}”不是可选的关系 / not a relationship kind"})
    if person.pk == relative.pk:
        raise ValidationError({"relative_id": "不能与本人建立关系 / a person cannot be their own relative"})
    if Relationship.objects.filter(person=person, relative=relative, kind=kind, ended_on__isnull=True).exists():
        raise ValidationError({"relative_id": "该关系已存在 / this relationship already exists"})
    relationship = Relationship(person=person, relative=relative, kind=kind, started_on=started_on, notes=notes)
    relationship.full_clean()
    _history_user(relationship, actor).save()
    events.relationship_added_event(actor=actor, relationship=relationship)
    _recompute([person.pk, relative.pk], actor=actor)
    return relationship


@transaction.atomic
def relationship_end(*, actor, scope: Scope, relationship: Relationship, ended_on: datetime.date) -> Relationship:
    require_capability(actor, Capability.PEOPLE_EDIT, allow_system=True)
    require_in_scope(scope=scope, area_code=relationship.person.area_id)
    if relationship.ended_on is not None:
        raise ValidationError({"ended_on": "该关系已结束 / this relationship has already ended"})
    if relationship.started_on and ended_on < relationship.started_on:
        raise ValidationError({"ended_on": "结束日期早于开始日期 / ends before it starts"})
    relationship.ended_on = ended_on
    relationship.full_clean()
    _history_user(relationship, actor).save()
    events.relationship_ended_event(actor=actor, relationship=relationship)
    _recompute([relationship.person_id, relationship.relative_id], actor=actor)
    return relationship


@transaction.atomic
def category_manual_add(*, actor, scope: Scope, person: Person, category: str, started_on: datetime.date,
                        reason: str) -> CategorySpell:
    """Staff hold a person in a category the rules do not derive; the rules never touch it."""
    require_capability(actor, Capability.PEOPLE_EDIT, allow_system=True)
    require_in_scope(scope=scope, area_code=person.area_id)
    if category not in Category.values:
        raise ValidationError({"category": f"“{category}”不是对象类别 / not a category"})
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写认定理由 / a reason is required"})
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": "开始日期不能在今天之后 / cannot start in the future"})
    if person.spells.filter(category=category, ended_on__isnull=True).exists():
        raise ValidationError({"category": "该对象已属于此类别 / the person already holds this category"})
    spell = CategorySpell(person=person, area_id=person.area_id, category=category, started_on=started_on,
                          reason=reason.strip(), source=SpellSource.MANUAL, created_by=actor)
    spell.full_clean()
    spell.save()
    events.category_manual_added_event(actor=actor, spell=spell)
    _recompute([person.pk], actor=actor)
    return spell


@transaction.atomic
def category_manual_end(*, actor, scope: Scope, spell: CategorySpell, ended_on: datetime.date,
                        reason: str) -> CategorySpell:
    require_capability(actor, Capability.PEOPLE_EDIT, allow_system=True)
    require_in_scope(scope=scope, area_code=spell.person.area_id)
    if spell.source != SpellSource.MANUAL:
        raise ValidationError({"category": "按规则认定的类别随事实变化自动结束，请修改相关事实 / "
                                           "a rule's category ends when the facts change; edit the facts"})
    if spell.ended_on is not None:
        raise ValidationError({"ended_on": "该类别已结束 / this category has already ended"})
    if ended_on < spell.started_on:
        raise ValidationError({"ended_on": "结束日期早于开始日期 / ends before it starts"})
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写结束理由 / a reason is required"})
    spell.ended_on, spell.end_reason = ended_on, reason.strip()
    spell.full_clean()
    spell.save()
    events.category_manual_ended_event(actor=actor, spell=spell)
    _recompute([spell.person_id], actor=actor)
    return spell


def id_number_reveal(*, actor, scope: Scope, person: Person, purpose: str, purpose_text: str = "",
                     ip_address: str | None = None) -> str:
    """The whole ID number, for a role that may see it and a stated purpose; every reveal (and
    refusal) is logged with the purpose."""
    require_in_scope(scope=scope, area_code=person.area_id)
    if actor is None or not actor.can(Capability.ID_NUMBER_VIEW):
        access_log_write(user=actor, action=AccessAction.DENIED, object_type="person", object_id=str(person.pk),
                         area_code=person.area_id, reason="id_number_reveal", ip_address=ip_address)
        raise PermissionDenied("您的角色不能查看完整身份证号 / your role may not see whole ID numbers")
    purpose, purpose_text = purpose_check(purpose=purpose, text=purpose_text)
    with transaction.atomic():
        access_log_write(user=actor, action=AccessAction.UNMASK, object_type="person", object_id=str(person.pk),
                         area_code=person.area_id, ip_address=ip_address, purpose=purpose, reason=purpose_text)
        return idcipher.decrypt(person.id_number_cipher) if person.id_number_cipher else ""


@transaction.atomic
def transfer_decide(*, actor, scope: Scope, transfer: TransferRequest, accept: bool) -> TransferRequest:
    """The holder's area (or an area above both) accepts or refuses; accepting moves the person."""
    require_capability(actor, Capability.PEOPLE_EDIT, allow_system=True)
    require_in_scope(scope=scope, area_code=transfer.from_area_id)
    transfer = TransferRequest.objects.select_for_update().select_related("person", "to_area").get(pk=transfer.pk)
    if transfer.status != TransferStatus.PENDING:
        raise ValidationError({"status": "该申请已处理 / this request has already been decided"})
    person = transfer.person
    if person.area_id != transfer.from_area_id:
        raise ValidationError({"status": "该对象已不在原地区，申请已失效 / the person has moved since the request"})
    transfer.status = TransferStatus.ACCEPTED if accept else TransferStatus.REFUSED
    transfer.decided_by, transfer.decided_at = actor, timezone.now()
    transfer.full_clean()
    transfer.save()
    if accept:
        person.area = transfer.to_area
        person.household = None
        person.full_clean()
        creation_history_backfill([person.pk])
        _history_user(person, actor).save()
        person_write_name_keys([person])
        spells_area_follow([person])
        _recompute([person.pk], actor=actor)
    events.person_transfer_decided_event(actor=actor, transfer=transfer)
    return transfer


@transaction.atomic
def person_move_out(*, actor, scope: Scope, person: Person, moved_on: datetime.date, to_code: str,
                    to_place: str = "", reason: str = "") -> Person | TransferRequest:
    """The household moved (public security's move list, accepted on the comparisons worklist).
    To a village this installation holds (its GUANAI_NODE_CODE area): a transfer, decided here at once,
    and the person is in the destination's registry. Elsewhere: the person stays on file, marked as
    moved out; the rules end every category from that day; the package carries the move up, and the
    level above both sends it down to the destination's worklist (upstream flowback, 迁入)."""
    require_capability(actor, Capability.PEOPLE_EDIT, allow_system=True)
    require_in_scope(scope=scope, area_code=person.area_id)
    destination = Area.objects.filter(pk=to_code, level="village").first()
    if destination is not None and to_code.startswith(settings.GUANAI_NODE_CODE):
        transfer = TransferRequest.objects.create(
            person=person, from_area=person.area, to_area=destination, requested_by=actor,
            reason=(reason or f"户籍迁至{to_place or to_code}（{moved_on}）")[:300])
        events.person_transfer_requested_event(actor=actor, transfer=transfer)
        return transfer_decide(actor=actor, scope=scope, transfer=transfer, accept=True)
    person.moved_out_on, person.moved_out_to, person.moved_out_place = moved_on, to_code[:12], to_place[:100]
    person.full_clean()
    _history_user(person, actor).save()
    events.person_updated_event(actor=actor, person=person, fields=["moved_out_on", "moved_out_to",
                                                                     "moved_out_place"])
    _recompute([person.pk], actor=actor)
    person.refresh_from_db(fields=["risk_level"])
    return person


@transaction.atomic
def choice_words_remember(*, actor, words: list[tuple[str, str, str, str]]) -> list[ChoiceWord]:
    """Add (or change) the bureau's words: (field, word, value, hint) each, as the import's page offers
    after a sheet used words nobody had taught Guanai (issue 16). One event for the lot."""
    require_capability(actor, Capability.PEOPLE_IMPORT)
    saved = []
    for field_name, word, value, hint in words:
        row = ChoiceWord.objects.filter(field=field_name, word=word.strip()).first() or ChoiceWord(
            field=field_name, word=word.strip(), created_by=actor)
        row.value, row.hint = value, hint
        row.full_clean()
        row.save()
        saved.append(row)
    if saved:
        events.choice_words_remembered_event(actor=actor, words=saved)
    return saved
