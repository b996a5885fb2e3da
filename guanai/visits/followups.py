"""Writes to FollowUp, the visits app's denormalised row per followed person: who is followed (the
daily sync from Person.risk_level), who follows them (assignment), and when they are next due (after
each visit, and when a major event is declared). Service functions in the HackSoft sense."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from guanai.accounts.models import User
from guanai.accounts.roles import Capability, Role, require_capability
from guanai.accounts.scoping import Scope, require_in_scope, scoped
from guanai.people.models import CategorySpell, Person
from guanai.visits import events
from guanai.visits.models import (
    OPEN_REFERRAL_STATUSES,
    Alert,
    AlertStatus,
    DueReason,
    FollowUp,
    MajorEvent,
    Method,
    Referral,
    Reminder,
    RiskLevel,
    ServiceContract,
    VisitRecord,
)
from guanai.visits.rules import VisitRuleBook, due_dates, event_deadline, target_group
from guanai.visits.selectors import horizon

SYNC_CHUNK = 2000
FOLLOWUP_FIELDS = ["area", "risk_level", "target_group", "worker", "ended_on", "contact_due_on", "home_due_on",
                   "next_due_on", "due_reason", "event", "event_due_at", "last_visit_at", "last_home_visit_at",
                   "updated_at"]


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(moment).date() if moment else None


def due_apply(followup: FollowUp, *, book: VisitRuleBook) -> None:
    """Set a follow-up's due dates from its last visits, open event deadline and the rule in force."""
    frequency = book.frequency(area_code=followup.area_id, risk_level=followup.risk_level)
    due = due_dates(frequency=frequency, followed_since=followup.followed_since,
                    last_visit_on=_local_date(followup.last_visit_at),
                    last_home_on=_local_date(followup.last_home_visit_at),
                    event_due_at=followup.event_due_at, tz=timezone.get_current_timezone())
    followup.contact_due_on, followup.home_due_on = due.contact_due_on, due.home_due_on
    followup.next_due_on, followup.due_reason = due.next_due_on, due.reason


def default_workers(area_codes: Iterable[str]) -> dict[str, int]:
    """The village's child director (the first active one) follows its people by default."""
    rows = (User.objects.filter(role=Role.CHILD_DIRECTOR, is_active=True, area_id__in=set(area_codes))
            .order_by("area_id", "pk").values_list("area_id", "pk"))
    found: dict[str, int] = {}
    for area_id, pk in rows:
        found.setdefault(area_id, pk)
    return found


@dataclass
class SyncResult:
    created: int = 0
    updated: int = 0
    ended: int = 0


def _last_visits(person_ids: list[int]) -> dict[int, tuple]:
    current = VisitRecord.objects.filter(person_id__in=person_ids, is_current=True).values("person_id")
    rows = current.annotate(last=Max("visited_at"), home=Max("visited_at", filter=Q(method=Method.HOME)))
    return {r["person_id"]: (r["last"], r["home"]) for r in rows}


def _sync_chunk(people: list[tuple], *, on: datetime.date, book: VisitRuleBook, result: SyncResult) -> None:
    ids = [p[0] for p in people]
    categories: dict[int, set[str]] = {}
    for person_id, category in CategorySpell.objects.filter(person_id__in=ids, ended_on__isnull=True).values_list(
            "person_id", "category"):
        categories.setdefault(person_id, set()).add(category)
    existing = {f.person_id: f for f in FollowUp.objects.filter(person_id__in=ids)}
    workers = default_workers(p[1] for p in people if p[0] not in existing or existing[p[0]].worker_id is None)
    last = _last_visits([pid for pid in ids if pid not in existing])
    new, changed = [], []
    for person_id, area_id, risk in people:
        group = target_group(categories.get(person_id, set()))
        fu = existing.get(person_id)
        if fu is None:
            last_at, home_at = last.get(person_id, (None, None))
            fu = FollowUp(person_id=person_id, area_id=area_id, risk_level=risk, target_group=group,
                          worker_id=workers.get(area_id), followed_since=on, last_visit_at=last_at,
                          last_home_visit_at=home_at)
            due_apply(fu, book=book)
            new.append(fu)
            continue
        if fu.ended_on is not None:
            fu.ended_on, fu.followed_since = None, on
        if fu.area_id != area_id:
            fu.area_id, fu.worker_id, fu.contract_id = area_id, workers.get(area_id), None
        fu.risk_level, fu.target_group = risk, group
        if fu.worker_id is None:
            fu.worker_id = workers.get(area_id)
        due_apply(fu, book=book)
        fu.updated_at = timezone.now()  # bulk_update does not run auto_now
        changed.append(fu)
    FollowUp.objects.bulk_create(new, batch_size=SYNC_CHUNK)
    FollowUp.objects.bulk_update(changed, FOLLOWUP_FIELDS + ["followed_since", "contract"], batch_size=SYNC_CHUNK)
    result.created += len(new)
    result.updated += len(changed)


@transaction.atomic
def followups_sync(*, on: datetime.date, person_ids: Iterable[int] | None = None) -> SyncResult:
    """Follow everyone with a risk level (any open category) who is alive and has not moved out; stop
    following the rest.
    Bulk: a few queries per chunk of SYNC_CHUNK people. Run daily (tasks.py) and after imports."""
    result = SyncResult()
    book = VisitRuleBook(on)
    people = Person.objects.filter(risk_level__in=RiskLevel.values, died_on__isnull=True,
                                    moved_out_on__isnull=True)
    stale = FollowUp.objects.filter(ended_on__isnull=True)
    if person_ids is not None:
        ids = list(person_ids)
        people, stale = people.filter(pk__in=ids), stale.filter(person_id__in=ids)
    rows = list(people.order_by("pk").values_list("pk", "area_id", "risk_level"))
    for start in range(0, len(rows), SYNC_CHUNK):
        _sync_chunk(rows[start:start + SYNC_CHUNK], on=on, book=book, result=result)
    followed = Person.objects.filter(risk_level__in=RiskLevel.values, died_on__isnull=True,
                                    moved_out_on__isnull=True)
    result.ended = _followups_end(stale.exclude(person__in=followed), on=on)
    return result


def _followups_end(rows, *, on: datetime.date) -> int:
    """Stop following: on `on`, or on the day of death when the person died before it (a death recorded
    late ends the follow-up when it happened, as it ends the categories: people.spells.spell_end_day),
    never before followed_since. Follow-ups ended on an earlier day are told per village (an event
    whose months from then on the analytics store recounts: the visit rate's people to visit)."""
    now = timezone.now()
    early = list(rows.filter(person__died_on__lt=on).values_list("pk", "area_id", "followed_since",
                                                                 "person__died_on"))
    ended = [FollowUp(pk=pk, ended_on=max(died, since), updated_at=now) for pk, _area, since, died in early]
    FollowUp.objects.bulk_update(ended, ["ended_on", "updated_at"], batch_size=SYNC_CHUNK)
    since_by_village: dict[str, datetime.date] = {}
    for followup, (_pk, area, _since, _died) in zip(ended, early, strict=True):
        since_by_village[area] = min(followup.ended_on, since_by_village.get(area, followup.ended_on))
    for area, since in sorted(since_by_village.items()):
        events.followups_ended_event(area_code=area, ended=sum(1 for row in early if row[1] == area),
                                     counts_from=since)
    return len(ended) + rows.exclude(pk__in=[pk for pk, *_ in early]).update(ended_on=on, updated_at=now)


def followup_after_visit(followup: FollowUp, *, book: VisitRuleBook) -> None:
    """Recompute last visits from the current versions (a correction may move them) and the dues."""
    last = _last_visits([followup.person_id]).get(followup.person_id, (None, None))
    followup.last_visit_at, followup.last_home_visit_at = last
    if followup.event_id and followup.last_visit_at and followup.last_visit_at >= followup.event.starts_at:
        followup.event, followup.event_due_at = None, None
    due_apply(followup, book=book)
    followup.save(update_fields=FOLLOWUP_FIELDS)


def _check_worker(*, worker: User, contract: ServiceContract | None, area_codes: set[str], on: datetime.date) -> None:
    if contract is not None:
        bad = [code for code in area_codes if not contract.covers(area_code=code, on=on)]
        if bad:
            raise ValidationError({"contract": f"合同不覆盖{bad[0]}或已过期 / the contract does not cover {bad[0]}"})
        if not contract.provider.workers.filter(pk=worker.pk).exists():
            raise ValidationError({"worker": "该社工不属于合同服务机构 / "
                                             "the worker is not with the contract's provider"})
        return
    if worker.role not in (Role.CHILD_DIRECTOR, Role.CHILD_SUPERVISOR) or not worker.is_active or not all(
            worker.area_id and code.startswith(worker.area_id) for code in area_codes):
        raise ValidationError({"worker": "探访人须为本辖区儿童主任或督导员，或通过购买服务合同指派社工 / "
                                         "the worker must be local staff, or a provider's worker under a contract"})


@transaction.atomic
def followups_assign(*, actor, scope: Scope, person_ids: list[int], worker: User,
                     contract: ServiceContract | None = None) -> int:
    """A supervisor gives people to a worker: local staff, or a provider's social worker under a contract."""
    require_capability(actor, Capability.VISITS_MANAGE)
    followups = list(scoped(FollowUp.objects.filter(person_id__in=person_ids, ended_on__isnull=True), scope=scope))
    if len(followups) != len(set(person_ids)):
        raise ValidationError({"people": "部分对象不在管辖范围内或未纳入关爱 / "
                                         "some people are not followed in your area"})
    areas = {f.area_id for f in followups}
    _check_worker(worker=worker, contract=contract, area_codes=areas, on=timezone.localdate())
    for fu in followups:
        fu.worker, fu.contract, fu.updated_at = worker, contract, timezone.now()
    FollowUp.objects.bulk_update(followups, ["worker", "contract", "updated_at"])
    events.followups_assigned_event(actor=actor, area_code=scope.prefix if scope.prefix else "", worker=worker,
                                    contract=contract, person_ids=sorted(person_ids))
    return len(followups)


@transaction.atomic
def major_event_declare(*, actor, scope: Scope, area_code: str, kind: str, title: str,
                        starts_at: datetime.datetime, ends_at: datetime.datetime) -> MajorEvent:
    """RULES.md: every high-risk person in the area becomes due within the rule's hours (default 24)."""
    require_capability(actor, Capability.VISITS_MANAGE)
    require_in_scope(scope=scope, area_code=area_code)
    event = MajorEvent(area_id=area_code, kind=kind, title=title, starts_at=starts_at, ends_at=ends_at,
                       declared_by=actor)
    event.full_clean()
    event.save()
    book = VisitRuleBook(timezone.localdate(starts_at))
    touched = []
    for fu in FollowUp.objects.filter(area__pk__startswith=area_code, ended_on__isnull=True,
                                      risk_level=RiskLevel.HIGH).select_related("event"):
        deadline = event_deadline(frequency=book.frequency(area_code=fu.area_id, risk_level=fu.risk_level),
                                  starts_at=starts_at)
        if deadline is None or (fu.event_due_at is not None and fu.event_due_at <= deadline):
            continue
        fu.event, fu.event_due_at, fu.updated_at = event, deadline, timezone.now()
        due_apply(fu, book=book)
        touched.append(fu)
    FollowUp.objects.bulk_update(touched, ["event", "event_due_at", "next_due_on", "due_reason", "updated_at"],
                                 batch_size=SYNC_CHUNK)
    event.people_due = len(touched)
    event.save(update_fields=["people_due", "updated_at"])
    events.major_event_declared_event(actor=actor, event=event)
    return event


@transaction.atomic
def reminders_compute(*, on: datetime.date) -> int:
    """What each worker owes on `on` (the daily job; the home page shows it at login). Grouped queries,
    one row per worker with anyone assigned; the day's earlier rows are replaced."""
    week_end = horizon(on=on, when="week")
    load = (FollowUp.objects.filter(ended_on__isnull=True, worker__isnull=False).values("worker")
            .annotate(overdue=Count("pk", filter=Q(next_due_on__lt=on)),
                      due_today=Count("pk", filter=Q(next_due_on=on)),
                      due_week=Count("pk", filter=Q(next_due_on__lte=week_end))).order_by())
    alerts = dict(Alert.objects.filter(status=AlertStatus.OPEN, person__follow_up__worker__isnull=False)
                  .values_list("person__follow_up__worker").annotate(n=Count("pk")).order_by())
    late = dict(Referral.objects.filter(status__in=OPEN_REFERRAL_STATUSES, deadline__lt=on,
                                        need__person__follow_up__worker__isnull=False)
                .values_list("need__person__follow_up__worker").annotate(n=Count("pk")).order_by())
    rows = [Reminder(worker_id=r["worker"], on=on, overdue=r["overdue"], due_today=r["due_today"],
                     due_week=r["due_week"], open_alerts=alerts.get(r["worker"], 0),
                     open_referrals=late.get(r["worker"], 0)) for r in load]
    Reminder.objects.filter(on=on).delete()
    Reminder.objects.bulk_create(rows, batch_size=SYNC_CHUNK)
    return len(rows)


@transaction.atomic
def followup_due_now(*, actor, scope: Scope, person_id: int, reason: str) -> FollowUp:
    """Make a followed person due for a visit today (a comparison found something to check on site)."""
    require_capability(actor, Capability.VISITS_MANAGE)
    followup = FollowUp.objects.select_for_update().filter(person_id=person_id, ended_on__isnull=True).first()
    if followup is None or not scope.contains(followup.area_id):
        raise ValidationError("该对象不在探访名单中 / this person is not followed")
    today = timezone.localdate()
    followup.contact_due_on = followup.next_due_on = min(followup.next_due_on, today)
    followup.due_reason = DueReason.CONTACT
    followup.save(update_fields=["contact_due_on", "next_due_on", "due_reason", "updated_at"])
    events.followup_due_now_event(actor=actor, followup=followup, reason=reason)
    return followup
