"""Writes for import jobs: create one from an upload, map its unknown headers; both queue the run
(tasks.py -> runs.py).

A job runs with the uploader's scope as it is *when the job runs* (narrowed to the scope recorded at
upload), so a user who lost an area cannot import into it from a queued job. Counters are written by
the importer's progress callback inside each chunk's transaction: what the job shows as done is
exactly what was committed. The error report is stored with the job and is downloadable by anyone
who can see the job (selectors.import_job_get).
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction

from guanai.accounts.roles import Capability, require_capability
from guanai.accounts.scoping import Scope
from guanai.audit.services import event_record
from guanai.exchange.models import ImportJob, ImportKind, ImportStatus
from guanai.exchange.tasks import import_job_task
from guanai.people.headers import IGNORE
from guanai.people.schemas import PersonIn
from guanai.sheets.reading import CSV_SUFFIXES, SPREADSHEET_SUFFIXES

ALLOWED_SUFFIXES = SPREADSHEET_SUFFIXES | CSV_SUFFIXES
MAPPABLE_FIELDS = frozenset(PersonIn.model_fields) | {"village", "township", IGNORE}


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
    transaction.on_commit(lambda: import_job_task(job.pk))
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
    transaction.on_commit(lambda: import_job_task(job.pk))
    return job


@transaction.atomic
def import_job_rerun(*, actor, scope: Scope, job: ImportJob) -> ImportJob:
    """The same stored file, with the same mapping, as a new job (after the bureau taught Guanai new words)."""
    require_capability(actor, Capability.PEOPLE_IMPORT)
    if not job.is_finished:
        raise ValidationError("该任务尚未完成 / this job has not finished")
    with job.file.open("rb") as handle:
        upload = File(handle, name=job.original_name)
        return import_job_create(actor=actor, scope=scope, upload=upload, kind=job.kind, dry_run=job.dry_run,
                                 mapping=job.mapping)
