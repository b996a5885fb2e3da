"""The workforce rule (issue 13, "a post empty for more than 30 days is on the county's list"; the 30
is the default of the VacancyRule rows, a local setting): one named function."""

import datetime

DEFAULT_MAX_VACANT_DAYS = 30  # used only when no VacancyRule row applies; source: issue 13


def vacant_days(*, vacant_since: datetime.date, on: datetime.date) -> int:
    """Days a post has been empty on `on`, counting the first empty day as day 1."""
    return max(0, (on - vacant_since).days + 1)


def vacancy_overdue(*, vacant_since: datetime.date, on: datetime.date, max_vacant_days: int) -> bool:
    """More than `max_vacant_days` empty days: on the county's list."""
    return vacant_days(vacant_since=vacant_since, on=on) > max_vacant_days
