"""Every read of the visit service. Each takes the caller's `scope` and goes through scoped(); a
provider's social worker is further limited to the people assigned to them (`worker`).

Due lists read FollowUp only (an indexed range on next_due_on within the area prefix). The monthly
visit rate counts distinct people with a current visit in the month (index on visited_on, group,
area) against the people followed in the group during the month."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.http import Http404
from django.utils.translation import gettext as _

from guanai.accounts.models import User
from guanai.accounts.roles import Role
from guanai.accounts.scoping import NOTHING, Scope, scoped
from guanai.areas.models import LEVEL_CODE_LENGTH, Area
from guanai.people.selectors import assigned_only
from guanai.visits.models import (
    OPEN_REFERRAL_STATUSES,
    Alert,
    AlertStatus,
    FollowUp,
    MajorEvent,
    Need,
    NeedStatus,
    Referral,
    Reminder,
    ServiceContract,
    TargetGroup,
    VisitRecord,
)
from guanai.visits.rules import month_bounds

WHEN_CHOICES = ("today", "week", "month")
# What a due list shows (page, API, home card): loading whole people rows would triple the bytes read.
DUE_LIST_COLUMNS = ("person_id", "area_id", "worker_id", "risk_level", "target_group", "next_due_on", "due_reason",
                    "last_visit_at", "person__name", "area__name", "area__short_name", "worker__username",
                    "worker__full_name")


class VisitNotFound(Http404):
    pass


def worker_limit(user) -> User | None:
    """A provider's social worker sees only the people assigned to them; everyone else their scope."""
    return user if getattr(user, "role", None) == Role.SOCIAL_WORKER else None


def horizon(*, on: datetime.date, when: str) -> datetime.date:
    """Last day of the window: today, this week (to Sunday), this month."""
    if when == "week":
        return on + datetime.timedelta(days=6 - on.weekday())
    if when == "month":
        return month_bounds(on)[1]
    return on


def followups(*, scope: Scope, worker: User | None = None) -> QuerySet[FollowUp]:
    qs = scoped(FollowUp.objects.filter(ended_on__isnull=True), scope=scope)
    return qs.filter(worker=worker) if worker is not None else qs


def due_list(*, scope: Scope, on: datetime.date, when: str = "today", worker: User | None = None
             ) -> QuerySet[FollowUp]:
    """Who is due by the end of the window (overdue included), earliest first."""
    return (followups(scope=scope, worker=worker).filter(next_due_on__lte=horizon(on=on, when=when))
            .select_related("person", "area", "worker").only(*DUE_LIST_COLUMNS).order_by("next_due_on", "pk"))


@dataclass(frozen=True)
class DueCounts:
    followed: int
    overdue: int
    today: int
    week: int
    month: int


def due_counts(*, scope: Scope, on: datetime.date, worker: User | None = None) -> DueCounts:
    """Overdue, due by today / this week / this month (each including overdue), in one query."""
    row = followups(scope=scope, worker=worker).aggregate(
        followed=Count("pk"), overdue=Count("pk", filter=Q(next_due_on__lt=on)),
        today=Count("pk", filter=Q(next_due_on__lte=on)),
        week=Count("pk", filter=Q(next_due_on__lte=horizon(on=on, when="week"))),
        month=Count("pk", filter=Q(next_due_on__lte=horizon(on=on, when="month"))))
    return DueCounts(**row)


def followup_get(*, scope: Scope, person_id: int) -> FollowUp | None:
    return scoped(FollowUp.objects.select_related("worker", "contract__provider", "event"), scope=scope).filter(
        person_id=person_id).first()


def visit_list(*, scope: Scope, person_id: int | None = None, worker: User | None = None) -> QuerySet[VisitRecord]:
    """Current versions, newest first."""
    qs = scoped(VisitRecord.objects.filter(is_current=True), scope=scope).select_related("visitor", "person")
    if person_id is not None:
        qs = qs.filter(person_id=person_id)
    if worker is not None:
        qs = qs.filter(person__follow_up__worker=worker)
    return qs.order_by("-visited_at", "-pk")


def visit_get(*, scope: Scope, pk: int, worker: User | None = None) -> VisitRecord:
    qs = scoped(VisitRecord.objects.select_related("person", "area", "visitor", "previous", "event",
                                                   "contract__provider"), scope=scope)
    if worker is not None:
        qs = qs.filter(person__follow_up__worker=worker)
    visit = qs.filter(pk=pk).first()
    if visit is None:
        raise VisitNotFound("没有这条探访记录 / no such visit")
    return visit


def visit_versions(*, scope: Scope, visit: VisitRecord) -> list[VisitRecord]:
    """Every version of the visit, newest first (all share the person; versions are few)."""
    rows = {v.pk: v for v in scoped(VisitRecord.objects.filter(person_id=visit.person_id), scope=scope)
            .select_related("visitor")}
    by_previous = {v.previous_id: v for v in rows.values() if v.previous_id}
    head = rows[visit.pk]
    while head.pk in by_previous:
        head = by_previous[head.pk]
    chain = [head]
    while chain[-1].previous_id in rows:
        chain.append(rows[chain[-1].previous_id])
    return chain


def need_list(*, scope: Scope, person_id: int | None = None, open_only: bool = True) -> QuerySet[Need]:
    qs = assigned_only(scoped(Need.objects.select_related("person", "area"), scope=scope), scope, "person__")
    qs = qs.prefetch_related("referrals")
    if open_only:
        qs = qs.exclude(status=NeedStatus.CLOSED)
    if person_id is not None:
        qs = qs.filter(person_id=person_id)
    return qs.order_by("-urgent", "created_at")


def need_get(*, scope: Scope, pk: int) -> Need:
    needs = assigned_only(scoped(Need.objects.select_related("person", "visit"), scope=scope), scope, "person__")
    need = needs.filter(pk=pk).first()
    if need is None:
        raise Http404("没有这项需求 / no such need")
    return need


def urgent_needs(*, scope: Scope) -> QuerySet[Need]:
    """Urgent needs nobody has acted on yet: on the supervisor's list until referred or closed."""
    return need_list(scope=scope).filter(urgent=True, status=NeedStatus.OPEN)


def referral_list(*, scope: Scope, open_only: bool = True, person_id: int | None = None) -> QuerySet[Referral]:
    qs = scoped(Referral.objects.select_related("need__person", "to_provider"), scope=scope)
    qs = assigned_only(qs, scope, "need__person__")
    if open_only:
        qs = qs.filter(status__in=OPEN_REFERRAL_STATUSES)
    if person_id is not None:
        qs = qs.filter(need__person_id=person_id)
    return qs.order_by("deadline", "pk")


def referral_get(*, scope: Scope, pk: int) -> Referral:
    referrals = assigned_only(scoped(Referral.objects.select_related("need__person"), scope=scope), scope,
                              "need__person__")
    referral = referrals.filter(pk=pk).first()
    if referral is None:
        raise Http404("没有这条转介 / no such referral")
    return referral


def alert_list(*, scope: Scope, open_only: bool = True, worker: User | None = None) -> QuerySet[Alert]:
    qs = scoped(Alert.objects.select_related("person", "device", "answered_by"), scope=scope)
    if open_only:
        qs = qs.filter(status=AlertStatus.OPEN)
    if worker is not None:
        qs = qs.filter(person__follow_up__worker=worker)
    return qs.order_by("due_by", "pk")


def alert_get(*, scope: Scope, pk: int) -> Alert:
    alert = scoped(Alert.objects.select_related("person"), scope=scope).filter(pk=pk).first()
    if alert is None:
        raise Http404("没有这条预警 / no such alert")
    return alert


def major_event_list(*, scope: Scope) -> QuerySet[MajorEvent]:
    """Events declared for an area inside the scope, or for an area holding the scope (a county-wide
    storm concerns each village in it)."""
    if scope.prefix == NOTHING:
        return MajorEvent.objects.none()
    above = [scope.prefix[:n] for n in LEVEL_CODE_LENGTH.values() if n <= len(scope.prefix)]
    qs = MajorEvent.objects.select_related("area", "declared_by")
    if not scope.is_everything:
        qs = qs.filter(Q(area__pk__startswith=scope.prefix) | Q(area__pk__in=above))
    return qs.order_by("-starts_at")


def contract_list(*, scope: Scope, on: datetime.date) -> QuerySet[ServiceContract]:
    return scoped(ServiceContract.objects.select_related("provider").filter(starts_on__lte=on, ends_on__gte=on),
                  scope=scope).order_by("number")


def assignable_workers(*, scope: Scope) -> QuerySet[User]:
    """Local staff in scope, and the workers of providers holding a contract in scope."""
    staff = scoped(User.objects.filter(role__in=[Role.CHILD_DIRECTOR, Role.CHILD_SUPERVISOR]), scope=scope)
    providers = scoped(ServiceContract.objects.all(), scope=scope).values("provider")
    return (User.objects.filter(is_active=True).filter(Q(pk__in=staff.values("pk"))
                                                       | Q(service_providers__in=providers))
            .distinct().order_by("role", "area_id", "username"))


def reminder_for(*, user, on: datetime.date) -> Reminder | None:
    return Reminder.objects.filter(worker=user, on=on).first()


# --- figures -------------------------------------------------------------------------------------

def _ratio(visited: int, target: int) -> float | None:
    return min(1.0, visited / target) if target else None


@dataclass(frozen=True)
class RateRow:
    area_code: str
    area_name: str
    month: datetime.date
    elders: int
    elders_visited: int
    children: int
    children_visited: int
    overdue: int

    @property
    def elder_rate(self) -> float | None:
        return _ratio(self.elders_visited, self.elders)

    @property
    def child_rate(self) -> float | None:
        return _ratio(self.children_visited, self.children)


def _breakdown_length(scope: Scope) -> int:
    lengths = list(LEVEL_CODE_LENGTH.values())
    below = [n for n in lengths if n > len(scope.prefix)]
    return below[0] if below else lengths[-1]


# A precomputed source of the same rows (the reports app's analytics store registers one): called with
# (scope, month, length) and returning the rows, or None when it does not hold that month and scope,
# in which case they are counted from the records below. Its rows may carry `as_of` (when they were
# counted), which the figures page shows.
RateReader = Callable[..., "list[RateRow] | None"]
_RATE_READERS: list[RateReader] = []


def rate_reader_register(reader: RateReader) -> None:
    if reader not in _RATE_READERS:
        _RATE_READERS.append(reader)


def visit_rates(*, scope: Scope, month: datetime.date, on: datetime.date, length: int | None = None,
                counted: bool = False) -> list[RateRow]:
    """The month's visit rate of special-difficulty elders and of followed children, and overdue counts,
    per area one level below the scope (or at `length` digits): from a registered precomputed reader
    when it holds them, else (or with `counted`) two grouped queries: one pass over the follow-ups
    (targets and overdue), one index-only pass over the month's visits (PostgreSQL)."""
    n = length or _breakdown_length(scope)
    if not counted:
        for reader in _RATE_READERS:
            rows = reader(scope=scope, month=month, length=n)
            if rows is not None:
                return rows
    return _visit_rates_counted(scope=scope, month=month, on=on, n=n)


def _visit_rates_counted(*, scope: Scope, month: datetime.date, on: datetime.date, n: int) -> list[RateRow]:
    first, last = month_bounds(month)
    prefix = Substr("area_id", 1, n)
    followed = (Q(followed_since__lte=last) & (Q(ended_on__isnull=True) | Q(ended_on__gte=first))
                & Q(target_group__in=[TargetGroup.ELDER, TargetGroup.CHILD]))
    targets = (scoped(FollowUp.objects.all(), scope=scope).annotate(code=prefix).values("code", "target_group")
               .annotate(n=Count("pk", filter=followed),
                         overdue=Count("pk", filter=Q(ended_on__isnull=True, next_due_on__lt=on))).order_by())
    visited = (scoped(VisitRecord.objects.filter(is_current=True, visited_on__range=(first, last),
                                                 target_group__in=[TargetGroup.ELDER, TargetGroup.CHILD]), scope=scope)
               .annotate(code=prefix).values("code", "target_group")
               .annotate(n=Count("person_id", distinct=True)).order_by())
    table: dict[str, dict[str, int]] = {}
    for row in targets:
        cell = table.setdefault(row["code"], {})
        cell[row["target_group"]] = row["n"]
        cell["overdue"] = cell.get("overdue", 0) + row["overdue"]
    for row in visited:
        table.setdefault(row["code"], {})[row["target_group"] + "_visited"] = row["n"]
    names = dict(Area.objects.filter(code__in=table).values_list("code", "name"))
    return [RateRow(area_code=code, area_name=names.get(code, code), month=first,
                    elders=t.get("elder", 0), elders_visited=t.get("elder_visited", 0),
                    children=t.get("child", 0), children_visited=t.get("child_visited", 0),
                    overdue=t.get("overdue", 0)) for code, t in sorted(table.items())]


def visit_rate_total(rows: list[RateRow], *, code: str, name: str, month: datetime.date) -> RateRow:
    return RateRow(area_code=code, area_name=name, month=month_bounds(month)[0],
                   elders=sum(r.elders for r in rows), elders_visited=sum(r.elders_visited for r in rows),
                   children=sum(r.children for r in rows), children_visited=sum(r.children_visited for r in rows),
                   overdue=sum(r.overdue for r in rows))


@dataclass(frozen=True)
class WorkloadRow:
    worker: User
    followed: int
    overdue: int
    visits: int
    home_visits: int


def workload(*, scope: Scope, on: datetime.date, month: datetime.date) -> list[WorkloadRow]:
    """Per worker: people followed, overdue, visits and home visits in the month. Two queries + users."""
    first, last = month_bounds(month)
    load = {r["worker"]: r for r in followups(scope=scope).filter(worker__isnull=False).values("worker").annotate(
        followed=Count("pk"), overdue=Count("pk", filter=Q(next_due_on__lt=on))).order_by()}
    done = {r["visitor"]: r for r in scoped(VisitRecord.objects.filter(
        is_current=True, visited_on__range=(first, last)), scope=scope).values("visitor").annotate(
        visits=Count("pk"), home=Count("pk", filter=Q(method="home"))).order_by()}
    users = User.objects.in_bulk(set(load) | set(done))
    rows = [WorkloadRow(worker=users[pk], followed=load.get(pk, {}).get("followed", 0),
                        overdue=load.get(pk, {}).get("overdue", 0), visits=done.get(pk, {}).get("visits", 0),
                        home_visits=done.get(pk, {}).get("home", 0)) for pk in users]
    return sorted(rows, key=lambda r: (-r.overdue, -r.followed, r.worker.username))


@dataclass(frozen=True)
class DeliveryRow:
    contract: ServiceContract
    people: int
    overdue: int
    visits: int
    home_visits: int


def contract_delivery(*, scope: Scope, on: datetime.date, month: datetime.date) -> list[DeliveryRow]:
    """What each provider delivered under its contracts in the month: people assigned, overdue, visits."""
    first, last = month_bounds(month)
    load = {r["contract"]: r for r in followups(scope=scope).filter(contract__isnull=False).values("contract")
            .annotate(people=Count("pk"), overdue=Count("pk", filter=Q(next_due_on__lt=on))).order_by()}
    done = {r["contract"]: r for r in scoped(VisitRecord.objects.filter(
        is_current=True, visited_on__range=(first, last), contract__isnull=False), scope=scope).values(
        "contract").annotate(visits=Count("pk"), home=Count("pk", filter=Q(method="home"))).order_by()}
    contracts = ServiceContract.objects.select_related("provider").in_bulk(set(load) | set(done))
    return [DeliveryRow(contract=contracts[pk], people=load.get(pk, {}).get("people", 0),
                        overdue=load.get(pk, {}).get("overdue", 0), visits=done.get(pk, {}).get("visits", 0),
                        home_visits=done.get(pk, {}).get("home", 0)) for pk in sorted(contracts)]


# --- the person page's timeline (registered with guanai.people.selectors in apps.py) -------------

def timeline_items(scope: Scope, person) -> list:
    """Visits (current versions) and referrals of a person, as people.selectors.TimelineItem. Two queries."""
    from django.urls import reverse

    from guanai.people.selectors import TimelineItem

    items = [TimelineItem(at=v.visited_at, kind="visit",
                          title=_("探访（%(method)s）") % {"method": v.get_method_display()},
                          detail=v.needs_summary or v.notes[:60], actor=v.visitor.display_name,
                          url=reverse("visits:detail", args=[v.pk]))
             for v in visit_list(scope=scope, person_id=person.pk)[:100]]
    for r in referral_list(scope=scope, open_only=False, person_id=person.pk)[:100]:
        items.append(TimelineItem(at=r.created_at, kind="referral",
                                  title=_("转介至%(department)s") % {"department": r.to_department},
                                  detail=f"{r.need.get_kind_display()}：{r.need.description}（{r.get_status_display()}）"))
    return items
