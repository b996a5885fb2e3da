"""An import killed (SIGKILL) in the middle of a chunk: the open chunk leaves nothing, the job is
marked failed with the reason at the next start, and a rerun imports the rest without duplicates."""

import pytest

from guanai.accounts.scoping import scope_for
from guanai.core.jobs import stale_jobs_fail
from guanai.exchange import runs, services
from guanai.exchange.models import ImportStatus
from guanai.exchange.tests.test_import_jobs import upload
from guanai.people.models import Person
from guanai.tests.killing import kill_when_paused, needs_second_process
from guanai.web.tests.conftest import areas_present  # noqa: F401 - the tree, emptied by transactional tests

pytestmark = [needs_second_process, pytest.mark.django_db(transaction=True)]

CHUNK_OF_TWO = "import guanai.people.imports as m; m.people_import_file.__kwdefaults__['chunk_size'] = 2\n"


def test_a_killed_import_is_failed_at_restart_and_a_rerun_completes_it(areas_present, director, ids,  # noqa: F811
                                                                       settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rows = [["姓名", "身份证号", "所属村"]] + [[f"王秀{i}", ids(i), "新民街社区"] for i in range(6)]
    job = services.import_job_create(actor=director, scope=scope_for(director), upload=upload(rows))
    # Killed with the second chunk's rows written inside its open transaction.
    kill_when_paused(pause_after="guanai.people.imports:_ChunkWriter._apply", nth=2,
                     code=CHUNK_OF_TWO + f"from guanai.exchange import runs; runs.import_job_run(job_id={job.pk})")
    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING  # what the page shows until a restart
    assert Person.objects.count() == 2  # the first chunk, whole; nothing of the second
    assert stale_jobs_fail()["exchange.ImportJob"] == 1  # what `guanai worker` / `serve` do at start
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and "意外停止" in job.failure and "2 rows kept" in job.failure
    rerun = services.import_job_rerun(actor=director, scope=scope_for(director), job=job)
    rerun = runs.import_job_run(job_id=rerun.pk)
    assert (rerun.status, rerun.created, rerun.unchanged) == (ImportStatus.DONE, 4, 2)
    assert Person.objects.count() == 6
