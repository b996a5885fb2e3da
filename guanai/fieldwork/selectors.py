"""Every read of the offline visit app, through the visits selectors and scoped().

The caseload a worker takes into the field is the follow-ups of their scope that are theirs: assigned
to them, or assigned to nobody (a village's own people before anyone is named), never another
worker's; a provider's social worker only those assigned to them (visits.selectors.worker_limit).
"""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from guanai.accounts.scoping import Scope, scoped
from guanai.fieldwork.models import FieldDevice, FieldSubmission, SubmissionFlag
from guanai.people import facts
from guanai.visits import selectors as visit_selectors
from guanai.visits.models import FollowUp, Need, NeedStatus

# What the phone is given per person: what a visit needs, nothing more (no full ID number, no
# birth date, no household members).
CASELOAD_COLUMNS = ("person_id", "area_id", "worker_id", "risk_level", "target_group", "next_due_on",
                    "due_reason", "last_visit_at", "last_home_visit_at", "person__name", "person__sex",
                    "person__birth_date", "person__phone", "person__address", "person__id_number_masked",
                    "area__name", "area__short_name")


class DeviceNotFound(Http404):
    pass


class SubmissionNotFound(Http404):
    pass


def caseload(*, user, scope: Scope, limit: int) -> tuple[list[FollowUp], int]:
    """The worker's people, soonest due first, at most `limit`; and how many there are in all."""
    worker = visit_selectors.worker_limit(user)
    rows = visit_selectors.followups(scope=scope, worker=worker)
    if worker is None:
        rows = rows.filter(Q(worker=user) | Q(worker__isnull=True))
    rows = rows.select_related("person", "area").only(*CASELOAD_COLUMNS).order_by("next_due_on", "pk")
    people = list(rows[:limit])
    total = len(people) if len(people) < limit else rows.count()
    return people, total


def open_needs_of(*, scope: Scope, person_ids: list[int]) -> dict[int, list[Need]]:
    """Needs still open for the people, to show on their card (one query)."""
    found: dict[int, list[Need]] = {}
    rows = scoped(Need.objects.filter(person_id__in=person_ids).exclude(status=NeedStatus.CLOSED), scope=scope)
    for need in rows.only("person_id", "kind", "description", "urgent", "status").order_by("-urgent", "pk"):
        found.setdefault(need.person_id, []).append(need)
    return found


def device_of(*, user, key) -> FieldDevice:
    """The caller's own device; another user's key is as unknown as a made-up one."""
    device = FieldDevice.objects.filter(key=key, user=user).first()
    if device is None:
        raise DeviceNotFound("该手机尚未准备离线探访 / this phone was not prepared")
    return device


def device_list(*, scope: Scope) -> QuerySet[FieldDevice]:
    return scoped(FieldDevice.objects.select_related("user", "area", "revoked_by"), scope=scope).order_by(
        "revoked_at", "-last_sync_at", "-prepared_at")


def device_get(*, scope: Scope, pk: int) -> FieldDevice:
    device = device_list(scope=scope).filter(pk=pk).first()
    if device is None:
        raise DeviceNotFound("没有这台设备 / no such device")
    return device


def flagged_list(*, scope: Scope, open_only: bool = True) -> QuerySet[FieldSubmission]:
    """Visits accepted from phones that the supervisor should look at (transferred, reassigned...)."""
    qs = scoped(FieldSubmission.objects.exclude(flag=SubmissionFlag.NONE), scope=scope).select_related(
        "person", "user", "area", "visit").prefetch_related("photos")
    if open_only:
        qs = qs.filter(reviewed_at__isnull=True)
    return qs.order_by("received_at", "pk")


def flagged_get(*, scope: Scope, pk: int) -> FieldSubmission:
    submission = flagged_list(scope=scope, open_only=False).filter(pk=pk).first()
    if submission is None:
        raise SubmissionNotFound("没有这条记录 / no such submission")
    return submission


def photo_submission(*, scope: Scope, pk: int) -> FieldSubmission:
    """A submission whose photos the caller may see: in scope, and for a social worker their own."""
    qs = scoped(FieldSubmission.objects.all(), scope=scope)
    if scope.assigned_to is not None:
        qs = qs.filter(user_id=scope.assigned_to)
    submission = qs.filter(pk=pk).first()
    if submission is None:
        raise SubmissionNotFound("没有这条记录 / no such submission")
    return submission


def age_on(birth_date: datetime.date | None, on: datetime.date | None = None) -> int | None:
    """The person's age today (RULES.md Ages, people.facts.age_on); None without a birth date."""
    return facts.age_on(birth_date, on or timezone.localdate()) if birth_date else None
