"""Import jobs: create, run (as the worker does), needs-mapping, progress counters, error report, scope."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from guanai.accounts.scoping import scope_for
from guanai.exchange import runs, selectors, services
from guanai.exchange.models import ImportJob, ImportStatus
from guanai.exchange.tests.factories import ImportJobFactory
from guanai.people.models import Person
from guanai.people.tests.imports.workbooks import xlsx


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(rows, name="名单.xlsx"):
    return SimpleUploadedFile(name, xlsx(rows))


def create(user, rows, **options):
    return services.import_job_create(actor=user, scope=scope_for(user), upload=upload(rows), **options)


def test_job_runs_counts_and_keeps_an_error_report(director, ids, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        job = create(director, [["姓名", "身份证号", "所属村"], ["王秀英", ids(1), "新民街社区"],
                                ["坏", "1", "新民街社区"]])
    assert len(callbacks) == 1 and job.status == ImportStatus.PENDING and job.area_code == "610330100007"
    job = runs.import_job_run(job_id=job.pk)
    assert (job.status, job.total, job.done, job.created, job.rejected, job.percent) == ("done", 2, 2, 1, 1, 100)
    assert job.error_report.name and job.finished_at
    assert Person.objects.count() == 1
    assert runs.import_job_run(job_id=job.pk).status == ImportStatus.DONE  # a second run does nothing


def test_unknown_headers_stop_the_job_until_mapped(director, ids):
    job = create(director, [["姓名", "身份号", "所属村"], ["王秀英", ids(1), "新民街社区"]])
    job = runs.import_job_run(job_id=job.pk)
    assert job.status == ImportStatus.NEEDS_MAPPING
    assert job.unknown_headers == [{"letter": "B", "header": "身份号", "reason": "无法识别 / unknown header"}]
    job = services.import_job_map(actor=director, job=job, mapping={"身份号": "id_number"})
    assert runs.import_job_run(job_id=job.pk).created == 1


def test_dry_run_job_writes_no_people(director, ids):
    job = create(director, [["姓名", "身份证号", "所属村"], ["王秀英", ids(1), "新民街社区"]], dry_run=True)
    job = runs.import_job_run(job_id=job.pk)
    assert (job.status, job.created) == ("done", 1) and not Person.objects.exists()


def test_wrong_file_type_and_roles_without_import(director, auditor):
    with pytest.raises(Exception, match="xlsx"):
        services.import_job_create(actor=director, scope=scope_for(director),
                                   upload=SimpleUploadedFile("a.docx", b"x"))
    with pytest.raises(PermissionDenied):
        create(auditor, [["姓名"]])


def test_unreadable_file_fails_the_job_with_a_reason(director):
    job = services.import_job_create(actor=director, scope=scope_for(director),
                                     upload=SimpleUploadedFile("a.xlsx", b"not a workbook"))
    job = runs.import_job_run(job_id=job.pk)
    assert job.status == ImportStatus.FAILED and "无法打开" in job.failure


def test_outsider_cannot_see_the_job_and_the_supervisor_can(director, outsider, supervisor, ids):
    job = create(director, [["姓名", "身份证号", "所属村"], ["王秀英", ids(1), "新民街社区"]])
    with pytest.raises(selectors.ImportJobNotFound):
        selectors.import_job_get(scope=scope_for(outsider), pk=job.pk)
    assert selectors.import_job_get(scope=scope_for(supervisor), pk=job.pk) == job
    assert list(selectors.import_job_list(scope=scope_for(outsider))) == []
    assert ImportJob.objects.count() == 1


def test_jobs_are_read_within_the_uploaders_scope(director, supervisor, outsider):
    own = ImportJobFactory(created_by=director, status=ImportStatus.DONE, total=3, done=3, created=3)
    ImportJobFactory(created_by=outsider)
    assert list(selectors.import_job_list(scope=scope_for(director))) == [own]
    assert selectors.import_job_get(scope=scope_for(supervisor), pk=own.pk) == own  # the township sees its villages
    with pytest.raises(selectors.ImportJobNotFound):
        selectors.import_job_get(scope=scope_for(outsider), pk=own.pk)
    assert own.percent == 100 and own.is_finished
