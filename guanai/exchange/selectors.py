"""Reads of import jobs, within the reader's scope: a job is visible where its area (the uploader's
scope when uploading) lies inside the reader's scope."""

from django.db.models import QuerySet
from django.http import Http404

from guanai.accounts.scoping import Scope, scoped_by_code
from guanai.exchange.models import ImportJob


class ImportJobNotFound(Http404):
    pass


def import_job_list(*, scope: Scope, limit: int = 20) -> QuerySet[ImportJob]:
    return scoped_by_code(ImportJob.objects.select_related("created_by"), scope=scope)[:limit]


def import_job_get(*, scope: Scope, pk: int) -> ImportJob:
    job = scoped_by_code(ImportJob.objects.select_related("created_by"), scope=scope).filter(pk=pk).first()
    if job is None:
        raise ImportJobNotFound("没有该导入任务 / no such import job")
    return job
