"""Writes for import jobs: create one from an upload, map its unknown headers, run it.

A job runs with the uploader's scope as it is *when the job runs* (narrowed to the scope recorded at
upload), so a user who lost an area cannot import into it from a queued job. Counters are written by
the importer's progress callback inside each chunk's transaction: what the job shows as done is
exactly what was committed. The error report is stored with the job and is downloadable by anyone
who can see the job (selectors.import_job_get).
"""

import io
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone

from guanai.accounts.roles import Capability, require_capability
from guanai.accounts.scoping import Scope, scope_for
from guanai.audit.services import event_record
from guanai.exchange.headers import IGNORE
from guanai.exchange.models import ImportJob, ImportKind, ImportStatus
from guanai.exchange.sheets import CSV_SUFFIXES, SPREADSHEET_SUFFIXES, SheetError
from guanai.people.imports import ImportResult, MappingRequired, people_error_report, people_import_file
from guanai.people.schemas import PersonIn

ALLOWED_SUFFIXES = SPREADSHEET_SUFFIXES | CSV_SUFFIXES
MAPPABLE_FIELDS = frozenset(PersonIn.model_fields) | {"village", "township", IGNORE}


def _enqueue(job_id: int) -> None:
    from guanai.exchange.tasks import import_job_task  # huey task module; imported late to keep services plain

    import_job_task(job_id)


@transaction.atomic
def import_job_create(*, actor, scope: Scope, upload: File, kind: str = ImportKind.PEOPLE, dry_run: bool = False,
                      mapping: dict[str, str] | None = None) -> ImportJob:
    """Store the upload as a job and queue it (after commit) for the worker."""
    require_capability(actor, Capability.PEOPLE_IMPORT)
    name = Path(upload.name or "").name
    if Path(name).suffix.lower() not in ALLOWED_SUFFIXES:
        raise ValidationError({"file": "请上传 .xlsx、.xls、.ods 或 .csv 文件 / "
                                       "upload an .xlsx, .xls, .ods or .csv file"})
    job = ImportJob(kind=kind, original_name=name[:200], dry_run=dry_run, created_by=actor, area_code=scope.prefix,
                    mapping=mapping or {})
    job.file.save(f"import{Path(name).suffix.lower()}", upload, save=False)
    job.full_clean()
    job.save()
    event_record(actor=actor, verb="import_job_created", object_type="import_job", object_id=str(job.pk),
                 area_code=scope.prefix, data={"kind": kind, "dry_run": dry_run})
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


@transaction.atomic
def import_job_map(*, actor, job: ImportJob, mapping: dict[str, str]) -> ImportJob:
    """The user's answer for unknown headers (header -> field or IGNORE); the job is queued again."""
    require_capability(actor, Capability.PEOPLE_IMPORT)
    if job.status != ImportStatus.NEEDS_MAPPING:
        raise ValidationError("该任务不需要确认表头 / this job does not need a mapping")
    wrong = sorted(field for field in mapping.values() if field not in MAPPABLE_FIELDS)
    if wrong:
        raise ValidationError(f"未知字段 / unknown fields: {', '.join(wrong)}")
    job.mapping = {**job.mapping, **mapping}
    job.status, job.unknown_headers = ImportStatus.PENDING, []
    job.save(update_fields=["mapping", "status", "unknown_headers", "updated_at"])
    event_record(actor=actor, verb="import_job_mapped", object_type="import_job", object_id=str(job.pk),
                 area_code=job.area_code, data={"mapping": mapping})
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _progress(job: ImportJob):
    def write(result: ImportResult) -> None:
        ImportJob.objects.filter(pk=job.pk).update(
            total=result.total, done=result.done, created=result.created, updated=result.updated,
            unchanged=result.unchanged, rejected=result.rejected, updated_at=timezone.now())
    return write


def _finish(job: ImportJob, status: str, **fields) -> ImportJob:
    for name, value in fields.items():
        setattr(job, name, value)
    job.status, job.finished_at = status, timezone.now()
    job.save()
    event_record(actor=job.created_by, verb=f"import_job_{status}", object_type="import_job", object_id=str(job.pk),
                 area_code=job.area_code, data={"created": job.created, "updated": job.updated,
                                                "rejected": job.rejected, "failure": job.failure[:200]})
    return job


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
                   error_report=report or job.error_report)
