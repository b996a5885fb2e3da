"""Background work for imports (huey: SQLite by default, Redis in production)."""

from huey.contrib.djhuey import db_task

from guanai.exchange.runs import import_job_run


@db_task()
def import_job_task(job_id: int) -> None:
    import_job_run(job_id=job_id)
