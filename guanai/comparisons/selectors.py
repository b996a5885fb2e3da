"""Every read of 数据比对, scoped: runs by their area code, rows through their run, flags by their area."""

from django.db.models import QuerySet
from django.http import Http404

from guanai.accounts.scoping import Scope, scoped, scoped_by_code
from guanai.comparisons.models import ComparisonRow, ComparisonRun, Flag, FlagStatus, RowStatus, SourceMapping


class RunNotFound(Http404):
    pass


def run_list(*, scope: Scope) -> QuerySet[ComparisonRun]:
    return scoped_by_code(ComparisonRun.objects.all(), scope=scope)


def run_get(*, scope: Scope, pk: int) -> ComparisonRun:
    run = run_list(scope=scope).filter(pk=pk).first()
    if run is None:
        raise RunNotFound
    return run


def unmatched_rows(*, run: ComparisonRun) -> QuerySet[ComparisonRow]:
    """Rows of a run the caller may see (run_get checked the scope) that matched nobody or were invalid."""
    return ComparisonRow.objects.filter(run=run, status__in=[RowStatus.UNMATCHED, RowStatus.INVALID]).order_by(
        "row_number")


def mapping_get(*, source: str, area_code: str) -> dict[str, str]:
    """The department's headers remembered for this source and area: header -> our field."""
    found = SourceMapping.objects.filter(source=source, area_code=area_code).first()
    return found.mapping if found else {}


def flag_list(*, scope: Scope, status: str = FlagStatus.OPEN, run_id: int | None = None) -> QuerySet[Flag]:
    flags = scoped(Flag.objects.select_related("person", "run", "decided_by"), scope=scope).filter(status=status)
    return flags.filter(run_id=run_id) if run_id else flags
