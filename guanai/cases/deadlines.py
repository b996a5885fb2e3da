"""Deadlines of a case: when each step is owed (DeadlineRule rows, counted in working days on the
official calendar, workdays.py), meeting them, and escalating missed ones one level up (issue 6: "a
missed deadline escalates to the next level up and stays visible until met")."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from guanai.cases import events
from guanai.cases.models import Case, Deadline, DeadlineRule, Notification, NotificationKind
from guanai.cases.rules import DEFAULT_DEADLINES, DeadlineDefault, DeadlineStep, DeadlineUnit, escalation_level
from guanai.cases.workdays import add_working_days, end_of_day
from guanai.core.messages import Message, label_word

ESCALATION_BATCH = 500


def deadline_rule(step: str) -> DeadlineDefault:
    """The editable row for `step`, or the issue's default when an administrator removed it."""
    row = DeadlineRule.objects.filter(step=step).first()
    if row is None:
        return DEFAULT_DEADLINES[step]
    return DeadlineDefault(row.step, row.amount, row.unit, row.owner_level, row.source)


def due_at_for(rule: DeadlineDefault, start: datetime.datetime) -> datetime.datetime:
    """Hours run on the clock; working days end at the end of the nth working day after the start's
    local date."""
    if rule.unit == DeadlineUnit.HOURS:
        return start + datetime.timedelta(hours=rule.amount)
    return end_of_day(add_working_days(timezone.localdate(start), rule.amount))


def deadline_open(*, case: Case, step: str, start: datetime.datetime) -> Deadline:
    """Owe `step` from `start`; an unmet deadline for the same step is replaced (reopened cases)."""
    rule = deadline_rule(step)
    Deadline.objects.filter(case=case, step=step, met_at__isnull=True).delete()
    deadline = Deadline(case=case, area_id=case.area_id, step=step, due_at=due_at_for(rule, start),
                        owner_level=rule.owner_level)
    deadline.full_clean()
    deadline.save()
    return deadline


def deadlines_for_report(*, case: Case, received_at: datetime.datetime) -> list[Deadline]:
    return [deadline_open(case=case, step=step, start=received_at)
            for step in (DeadlineStep.FIRST_CONTACT, DeadlineStep.ASSESSMENT, DeadlineStep.PLAN)]


def deadline_meet(*, case: Case, step: str, at: datetime.datetime) -> int:
    return Deadline.objects.filter(case=case, step=step, met_at__isnull=True).update(met_at=at, updated_at=at)


def deadlines_close_all(*, case: Case, at: datetime.datetime) -> None:
    """A closed case owes nothing. A deadline not yet due and never escalated (the next review the
    last one opened) is withdrawn: it was never owed, and the case page would list it as met. One
    past due or escalated stays on record, marked met at the closure."""
    still_open = Deadline.objects.filter(case=case, met_at__isnull=True)
    still_open.filter(due_at__gt=at, escalated_to="").delete()
    still_open.update(met_at=at, updated_at=at)


def deadlines_escalate(*, now: datetime.datetime | None = None) -> int:
    """The daily job: every unmet deadline past due and not yet escalated goes one level up, with a
    notification to the managers there. Returns how many were escalated."""
    from guanai.cases.selectors import managers_at

    now = now or timezone.now()
    due = list(Deadline.objects.select_related("case").filter(met_at__isnull=True, due_at__lt=now,
                                                              escalated_to="")[:ESCALATION_BATCH])
    for deadline in due:
        with transaction.atomic():
            deadline.escalated_to = escalation_level(deadline.owner_level)
            deadline.escalated_at = now
            deadline.save(update_fields=["escalated_to", "escalated_at", "updated_at"])
            title = Message(gettext_noop("个案 %(number)s：%(step)s已逾期，已上报至%(level)s"),
                            number=deadline.case.number,
                            step=label_word(deadline.get_step_display()),
                            level=label_word(deadline.get_escalated_to_display()))
            Notification.objects.bulk_create([
                Notification(user=user, case=deadline.case, area_id=deadline.area_id,
                             kind=NotificationKind.DEADLINE_MISSED, title=title.render_in("zh-hans")[:200],
                             title_message=title.to_json())
                for user in managers_at(area_code=deadline.area_id, level=deadline.escalated_to)])
            events.deadline_escalated_event(deadline=deadline)
    return len(due)
