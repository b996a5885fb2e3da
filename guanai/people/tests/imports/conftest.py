import datetime
import io

import pytest

from guanai.people.imports import people_import_file
from guanai.people.models import Sex
from guanai.people.tests.factories import id_number_make


@pytest.fixture
def ids():
    """Valid ID numbers: ids(0) ... ids(n), women born in 1950 + n (old enough to be elderly)."""
    made = {}

    def make(n: int, *, sex: str = Sex.FEMALE, birth: datetime.date | None = None) -> str:
        if n not in made:
            made[n] = id_number_make(birth_date=birth or datetime.date(1950, 1, 1) + datetime.timedelta(days=n),
                                     sex=sex, sequence=100 + n)
        return made[n]
    return make


@pytest.fixture
def run_import(director):
    """Import bytes as `user` (the director by default): (ImportResult, Table)."""
    from guanai.accounts.scoping import scope_for

    def run(data: bytes, *, user=None, filename: str = "名单.xlsx", **options):
        user = user or director
        return people_import_file(actor=user, scope=scope_for(user), source=io.BytesIO(data), filename=filename,
                                  **options)
    return run


# The shared Playwright fixtures (guanai/web/tests/conftest.py) for the import's browser test.
from guanai.web.tests.conftest import areas_present, browser_page, chromium  # noqa: E402, F401
