"""Every write of 数据比对: remembering a department's headers, running a comparison, and deciding
flags (one by one or in bulk). A run only records; a flag's consequence runs when it is accepted,
through the people, benefits and visits services, in the decision's own transaction."""

import datetime
import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from guanai.accounts.roles import Capability, require_capability
from guanai.accounts.scoping import NOTHING, Scope, require_in_scope, scoped
from guanai.comparisons import consequences, events, matching, reading, selectors
from guanai.comparisons.models import ComparisonRun, Flag, FlagStatus, Source, SourceMapping
from guanai.core.digests import sm3_file_hex
from guanai.people.idkeys import rotation_refuse_if_pending


def _require(actor) -> None:
    require_capability(actor, Capability.COMPARISONS_RUN, allow_system=True)


def _area_of(scope: Scope) -> str:
    if scope.prefix == NOTHING:
        raise ValidationError("您没有可比对的区划 / you have no area to compare")
    return scope.prefix


@transaction.atomic
def mapping_save(*, actor, scope: Scope, source: str, mapping: dict[str, str]) -> SourceMapping:
    """Remember that a department's header means one of our fields (for this source and area)."""
    _require(actor)
    allowed = set(reading.fields_for(source)) | {""}
    wrong = {header: field for header, field in mapping.items() if field not in allowed}
    if wrong:
        raise ValidationError({"mapping": f"无法识别的字段 {wrong} / unknown fields"})
    saved, _ = SourceMapping.objects.update_or_create(
        source=source, area_code=_area_of(scope),
        defaults={"mapping": {h: f for h, f in mapping.items() if f}, "updated_by": actor})
    events.mapping_saved_event(actor=actor, source=source, area_code=saved.area_code, mapping=saved.mapping)
    return saved


@transaction.atomic
def comparison_run(*, actor, scope: Scope, source: str, path: Path, filename: str | None = None,
                   on: datetime.date | None = None) -> ComparisonRun:
    """Match a department's file against the people in `scope`. Rows, unmatched rows and new flags are
    recorded; nothing about any person changes. Raises reading.FileError for a file it cannot read."""
    _require(actor)
    rotation_refuse_if_pending()  # matching goes by the current digest only (people/idkeys.py)
    if source not in Source.values:
        raise ValidationError({"source": f"未知的数据来源 {source} / unknown source"})
    started = time.monotonic()
    area_code = _area_of(scope)
    mapping = selectors.mapping_get(source=source, area_code=area_code)
    rows = list(reading.rows_read(Path(path), source=source, mapping=mapping, filename=filename))
    previous = ComparisonRun.objects.filter(source=source, area_code=area_code).order_by("-created_at").first()
    run = ComparisonRun.objects.create(source=source, area_code=area_code, run_by=actor, previous=previous,
                                       file_name=(filename or Path(path).name)[:200],
                                       file_digest=sm3_file_hex(Path(path)))
    outcome = matching.rows_match(run, rows, scope=scope, on=on or timezone.localdate())
    run.rows, run.matched, run.unmatched, run.invalid = len(rows), outcome.matched, outcome.unmatched, outcome.invalid
    run.flags = outcome.flags
    run.changes = matching.changes_since(run, previous)
    run.seconds = round(time.monotonic() - started, 2)
    run.save()
    events.comparison_run_event(actor=actor, run=run)
    return run


@transaction.atomic
def flag_decide(*, actor, scope: Scope, flag: Flag, accept: bool, note: str = "") -> Flag:
    """Accept (the consequence runs through the domain services) or reject a flag; either is logged."""
    _require(actor)
    require_in_scope(scope=scope, area_code=flag.area_id)
    flag = Flag.objects.select_for_update().select_related("person").get(pk=flag.pk)
    if flag.status != FlagStatus.OPEN:
        raise ValidationError("该提示已处理 / this flag was already decided")
    if accept:
        flag.outcome = consequences.apply(actor=actor, scope=scope, flag=flag)
    flag.status = FlagStatus.ACCEPTED if accept else FlagStatus.REJECTED
    flag.decided_by, flag.decided_at, flag.note = actor, timezone.now(), note.strip()[:300]
    flag.save()
    events.flag_decided_event(actor=actor, flag=flag)
    return flag


def flags_decide(*, actor, scope: Scope, flag_ids: list[int], accept: bool, note: str = "") -> dict:
    """Bulk: each flag in its own transaction, so one that cannot be applied does not block the rest;
    its reason is returned, and it stays open."""
    done, failed = 0, {}
    for flag in scoped(Flag.objects.filter(pk__in=flag_ids, status=FlagStatus.OPEN), scope=scope).order_by("pk"):
        try:
            flag_decide(actor=actor, scope=scope, flag=flag, accept=accept, note=note)
        except ValidationError as error:
            failed[flag.pk] = "；".join(error.messages)
        else:
            done += 1
    return {"done": done, "failed": failed}

