"""Background jobs of benefits (huey): the roster build, so a 200,000-line roster never blocks a page."""

from huey.contrib.djhuey import db_task

from guanai.benefits.roster_build import roster_build


@db_task()
def roster_build_task(roster_id: int) -> None:
    roster_build(roster_id=roster_id)
