"""Running a queued import job: what the worker does (tasks.import_job_task), below services.py.

services.py queues the job through tasks.py; keeping the run here, not in services.py, keeps the
modules from importing each other in a circle (services -> tasks -> services). Not one transaction:
each chunk commits on its own with its counters (people.imports).
"""

import io

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.utils import timezone

from guanai.accounts.scoping import scope_for
from guanai.audit.services import event_record
from guanai.exchange.models import ImportJob, ImportStatus
from guanai.people.imports import ImportResult, MappingRequired, people_error_report, people_import_file
from guanai.sheets.reading import SheetError


def _progress(job: ImportJob):
    def write(result: ImportResult) -> None:
        ImportJob.objects.filter(pk=job.pk).update(
            total=result.total, done=result.done, created=result.created, updated=result.updated,
            unchanged=result.unchanged, rejected=result.rejected, warned=result.warned, updated_at=timezone.now())
    return write


def _finish(job: ImportJob, status: str, **fields) -> ImportJob:
    for name, value in fields.items():
        setattr(job, name, value)
    job.status, job.finished_at = status, timezone.now()
    job.save()
    event_record(actor=job.created_by, verb=f"import_job_{status}", object_type="import_job", object_id=str(job.pk),
                 area_code=job.area_code, data={"created": job.created, "updated": job.updated,
                                                "rejected": job.rejected, "warned": job.warned,
                                                "failure": job.failure[:200]})
    return job


def import_jobs_interrupted(*, reason: str) -> int:
    """Jobs a killed process left running (core/jobs.py): failed with the reason and their event. The
    chunks they committed stay (each is whole); a rerun of the same file finds those rows unchanged."""
    jobs = list(ImportJob.objects.select_related("created_by").filter(status=ImportStatus.RUNNING))
    for job in jobs:
        _finish(job, ImportStatus.FAILED, failure=f"{reason}（已保存 {job.done} 行 / {job.done} rows kept）")
    return len(jobs)


def import_job_run(*, job_id: int) -> ImportJob:
    """Run a queued job (the worker calls this; so may a test or a command). Not one transaction:
    each chunk commits on its own with its counters (people.imports)."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status != ImportStatus.PENDING:
        return job
    job.status, job.started_at, job.failure = ImportStatus.RUNNING, timezone.now(), ""
    job.save(update_fields=["status", "started_at", "failure", "updated_at"])
    scope = scope_for(job.created_by, narrow_to=job.area_code)
    if scope.prefix != job.area_code:
        return _finish(job, ImportStatus.FAILED,
                       failure="导入人已无权管辖该区划 / the uploader no longer holds this area")
    try:
        with job.file.open("rb") as handle:
            result, table = people_import_file(actor=job.created_by, scope=scope, source=handle,
                                               filename=job.original_name, mapping=job.mapping, dry_run=job.dry_run,
                                               progress=_progress(job))
    except MappingRequired as needed:
        job.status = ImportStatus.NEEDS_MAPPING
        job.unknown_headers = [{"letter": u.letter, "header": u.header, "reason": u.reason} for u in needed.unknown]
        job.save(update_fields=["status", "unknown_headers", "updated_at"])
        return job
    except (SheetError, PermissionDenied) as error:
        return _finish(job, ImportStatus.FAILED, failure=str(error))
    except Exception as error:  # marked failed, then raised again for the worker's log
        _finish(job, ImportStatus.FAILED, failure=f"内部错误，已记录 / internal error: {type(error).__name__}")
        raise
    job.refresh_from_db()
    report = ""
    if result.rejected:
        buffer = io.BytesIO()
        people_error_report(buffer, table=table, result=result)
        job.error_report.save(f"errors-{job.pk}.xlsx", ContentFile(buffer.getvalue()), save=False)
        report = job.error_report.name
    return _finish(job, ImportStatus.DONE, total=result.total, done=result.done, created=result.created,
                   updated=result.updated, unchanged=result.unchanged, rejected=result.rejected,
                   warned=result.warned, problem_groups=result.problem_groups(),
                   error_report=report or job.error_report)
