"""Test personas (healthchecks-style): the same people in every app's tests.

- director: child director of 新民街社区 (610330100007)
- outsider: child director of 龙口社区 (610330101003), who must see nothing of 新民街
- supervisor: child supervisor of 双石铺镇 (610330100), which holds 新民街 but not 龙口
- county: county officer of 凤县 (610330)
- analyst: prefecture analyst of 红河州 (5325), outside 凤县 altogether
- auditor: installation-wide, read-only
"""

import os
import threading

import pytest

from guanai.accounts.roles import Role
from guanai.accounts.tests.factories import TEST_PASSWORD, UserFactory
from guanai.areas.divisions import packaged_directory
from guanai.areas.services import areas_load

XINMINJIE = "610330100007"
LONGKOU = "610330101003"
SHUANGSHIPU = "610330100"
FENGXIAN = "610330"
HONGHE = "5325"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the packaged division tree once per test session; tests roll back on top of it."""
    with django_db_blocker.unblock():
        areas_load(directory=packaged_directory(), edition="2023")
    yield
    with django_db_blocker.unblock():
        _other_sessions_end()


def _other_sessions_end() -> None:
    """End the sessions a test left on the PostgreSQL test database (a thread's connection, a killed
    child's backend not yet gone), which otherwise stop pytest-django from dropping it at the end."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Production hashes take ~0.5 s each by design; tests only need them to round-trip."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_store_refresh_on_write(settings):
    """Writes do not queue the figures store's refresh job (an extra on-commit callback) unless a test
    of the reports app asks for it; the store's tests call the refresh themselves."""
    settings.REPORTS_REFRESH_ON_WRITE = False


@pytest.fixture(autouse=True)
def _chinese_first():
    """Each test starts in the product's language, whatever an earlier request switched to."""
    from django.utils import translation

    with translation.override("zh-hans"):
        yield


@pytest.fixture
def password() -> str:
    return TEST_PASSWORD


@pytest.fixture
def director(db):
    return UserFactory(username="director", role=Role.CHILD_DIRECTOR, area_id=XINMINJIE)


@pytest.fixture
def outsider(db):
    return UserFactory(username="outsider", role=Role.CHILD_DIRECTOR, area_id=LONGKOU)


@pytest.fixture
def supervisor(db):
    return UserFactory(username="supervisor", role=Role.CHILD_SUPERVISOR, area_id=SHUANGSHIPU)


@pytest.fixture
def county(db):
    return UserFactory(username="county", role=Role.COUNTY_OFFICER, area_id=FENGXIAN)


@pytest.fixture
def analyst(db):
    return UserFactory(username="analyst", role=Role.PREFECTURE_ANALYST, area_id=HONGHE)


@pytest.fixture
def auditor(db):
    return UserFactory(username="auditor", role=Role.AUDITOR, area=None)


@pytest.fixture
def administrator(db):
    return UserFactory(username="administrator", role=Role.ADMINISTRATOR, area=None, is_staff=True,
                       is_superuser=True)


class _OneRequestAtATime:
    """A WSGI app that serves one request at a time, its whole body included.

    On SQLite the test database lives in memory, so the live server's request threads all share the
    test's one connection. Two requests at once (a page and its service worker's precache, say) then
    interleave their transactions on it: "cannot start a transaction within a transaction", a 500, a
    lost session. A real server has a connection per thread; this gives the test server the nearest
    thing it can have."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            response = self.app(environ, start_response)
            try:
                return list(response)
            finally:
                if hasattr(response, "close"):
                    response.close()


@pytest.fixture(scope="session")
def live_server(request, django_db_setup):
    """pytest-django's live server, started once the test database exists, serialised when it shares the
    test's in-memory SQLite connection.

    pytest-django's own fixture may start before the test database is set up (a parametrised
    `browser_page` is set up first). Its threads then each open their own connection to SQLite's
    shared in-memory database, where two writers at once fail at once with "database table is
    locked" instead of waiting: a page and its service worker's precache lose a session between them.
    """
    from pytest_django.live_server_helper import LiveServer

    addr = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    server = LiveServer(addr)
    if server.thread.connections_override:
        httpd = server.thread.httpd
        httpd.set_app(_OneRequestAtATime(httpd.get_app()))
    yield server
    server.stop()
