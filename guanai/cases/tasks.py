"""Background jobs of child protection (huey)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from guanai.cases.deadlines import deadlines_escalate


# Every hour at :40 (the first-contact deadline counts hours, so a daily run would be up to a day late);
# each missed deadline is escalated once and then stays on the home cards until met.
@db_periodic_task(crontab(minute="40"))
def cases_deadlines_escalate() -> int:
    return deadlines_escalate()
