"""RULES.md Ages: full years (周岁), and the latest birth date of a given age (born_by), leap days too."""

import datetime

import pytest

from guanai.people.facts import age_on, born_by

D = datetime.date


@pytest.mark.parametrize(("on", "years", "latest"), [
    (D(2026, 6, 1), 10, D(2016, 6, 1)),
    (D(2028, 2, 29), 10, D(2018, 2, 28)),  # no 29 February in 2018
    (D(2028, 2, 29), 4, D(2024, 2, 29)),
])
def test_born_by_is_the_latest_birth_date_of_that_age(on, years, latest):
    assert born_by(on, years) == latest
    assert age_on(latest, on) == years and age_on(latest + datetime.timedelta(days=1), on) == years - 1
