"""How lower apps reach the store without importing reports: an audit-event listener (every service
writes its event in its own transaction) that queues the incremental refresh once the transaction
commits, the visit-rate reader that visits.selectors consults before counting, and the category
counts reader the people list's chips consult (people.selectors.category_chip_counts)."""

import datetime

from django.conf import settings
from django.db import transaction

from guanai.reports.events import OWN_VERBS


def on_event(event) -> None:
    if event.verb in OWN_VERBS or not settings.REPORTS_REFRESH_ON_WRITE:
        return
    connection = transaction.get_connection()
    if any(item[1] is _enqueue for item in connection.run_on_commit):
        return  # one refresh per transaction, however many events it writes
    transaction.on_commit(_enqueue)


def _enqueue() -> None:
    from guanai.reports.tasks import store_refresh_pending

    store_refresh_pending()


def visit_rates_from_store(*, scope, month: datetime.date, length: int):
    from guanai.reports.selectors import rate_rows

    return rate_rows(scope=scope, month=month, length=length)


def category_counts_from_store(*, scope):
    from guanai.reports.selectors import category_counts_stored

    return category_counts_stored(scope=scope)
