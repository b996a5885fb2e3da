"""Writes to the division tree."""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from guanai.areas.divisions import DivisionFileError, DivisionRow, read_directory, read_started
from guanai.areas.models import Area


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    ended: int = 0
    reopened: int = 0
    by_level: dict[str, int] = field(default_factory=dict)


@transaction.atomic
def areas_load(*, directory: Path, edition: str = "", ended_on: datetime.date | None = None) -> LoadResult:
    """Upsert every area in `directory`; end (never delete) areas a newer edition leaves out.

    An area counts as left out when its parent appears in the same file set with other children,
    so loading one province's villages does not end another province's. Start dates in the directory's
    started.csv are set on the areas it names (an area not named keeps the start date it has).
    """
    levels = read_directory(directory)
    started = read_started(directory)
    ended_on = ended_on or timezone.localdate()
    result = LoadResult()
    known = {code: (name, parent_id, ended) for code, name, parent_id, ended in
             Area.objects.values_list("code", "name", "parent_id", "ended_on")}
    for level, rows in levels:
        _check_parents(rows, known)
        _upsert(rows, edition, known, result)
        result.by_level[level] = len(rows)
        result.ended += _end_missing(level, rows, ended_on)
        for row in rows:
            known[row.code] = (row.name, row.parent_code, None)
    unknown = sorted(set(started) - set(known))
    if unknown:
        raise DivisionFileError(f"started.csv: 区划 {unknown[0]} 不在区划文件中 / area {unknown[0]} is not in the "
                                "division files")
    for code, day in started.items():
        Area.objects.filter(code=code).exclude(started_on=day).update(started_on=day, updated_at=timezone.now())
    return result


def _check_parents(rows: list[DivisionRow], known: dict) -> None:
    codes = {row.code for row in rows}
    for row in rows:
        if row.parent_code and row.parent_code not in known and row.parent_code not in codes:
            raise DivisionFileError(
                f"{row.code} {row.name}: 上级区划 {row.parent_code} 不存在，请先导入上级 / "
                f"parent {row.parent_code} is unknown: load the upper levels first"
            )


def _upsert(rows: list[DivisionRow], edition: str, known: dict, result: LoadResult) -> None:
    now = timezone.now()
    objects = []
    for row in rows:
        previous = known.get(row.code)
        if previous is None:
            result.created += 1
        elif previous[0] != row.name or previous[1] != row.parent_code or previous[2] is not None:
            result.updated += 1
            result.reopened += previous[2] is not None
        objects.append(Area(
            code=row.code, name=row.name, short_name=row.short_name, level=row.level, kind=row.kind,
            parent_id=row.parent_code, edition=edition, ended_on=None, created_at=now, updated_at=now,
        ))
    Area.objects.bulk_create(
        objects, batch_size=500, update_conflicts=True, unique_fields=["code"],
        update_fields=["name", "short_name", "level", "kind", "parent_id", "edition", "ended_on", "updated_at"],
    )


def _end_missing(level: str, rows: list[DivisionRow], ended_on: datetime.date) -> int:
    present = {row.code for row in rows}
    parents = {row.parent_code for row in rows}
    stale = Area.objects.filter(level=level, ended_on__isnull=True).exclude(code__in=present)
    if level != "province":
        stale = stale.filter(parent_id__in=parents)
    return stale.update(ended_on=ended_on, updated_at=timezone.now())
