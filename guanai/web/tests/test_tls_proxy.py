"""Behind the bureau's TLS proxy: a real waitress server, requests forwarded as nginx forwards them."""

import contextlib
import http.client
import threading

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connections
from waitress.server import create_server

from guanai.config.proxies import trusted_proxy_middleware

FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9", "Host": "guanai.example.gov.cn"}


@pytest.fixture
def secure_site(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.ALLOWED_HOSTS = ["guanai.example.gov.cn"]


def _closing_connections(app):
    """The app, with this thread's database connections closed after each request, as Django's own
    test server does: waitress's worker thread outlives the test, and a connection it kept open would
    stop pytest from dropping the test database at the end of the run."""
    def wrapped(environ, start_response):
        try:
            return list(app(environ, start_response))
        finally:
            connections.close_all()
    return wrapped


@contextlib.contextmanager
def _serving(trusted: list[str]):
    server = create_server(_closing_connections(trusted_proxy_middleware(WSGIHandler(), trusted=trusted)),
                           host="127.0.0.1", port=0, clear_untrusted_proxy_headers=False, threads=1)

    def run():
        with contextlib.suppress(OSError):  # the socket closed under its select() when the test ends
            server.run()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.task_dispatcher.shutdown()
        server.close()
        thread.join(timeout=5)


def _get(server, path: str, headers: dict[str, str]) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", server.effective_port, timeout=10)
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


@pytest.mark.usefixtures("secure_site")
def test_a_request_forwarded_by_a_trusted_proxy_is_https_with_hsts_and_no_redirect():
    with _serving(["127.0.0.1"]) as server:
        response = _get(server, "/login/", FORWARDED)
    assert response.status == 200
    assert response.getheader("Strict-Transport-Security") == "max-age=31536000; includeSubDomains"


@pytest.mark.usefixtures("secure_site")
def test_an_untrusted_peer_cannot_claim_https():
    with _serving(["10.9.9.9"]) as server:
        response = _get(server, "/login/", FORWARDED)
    assert response.status == 301
    assert response.getheader("Location") == "https://guanai.example.gov.cn/login/"
    assert response.getheader("Strict-Transport-Security") is None


def _seen_by_app(remote_addr: str, trusted: list[str], **headers: str) -> dict:
    seen = {}

    def app(environ, start_response):
        seen.update(environ)
        start_response("200 OK", [])
        return [b""]

    environ = {"REMOTE_ADDR": remote_addr, "wsgi.url_scheme": "http", "HTTP_HOST": "h", "SERVER_NAME": "h",
               "SERVER_PORT": "80", **{f"HTTP_{key}": value for key, value in headers.items()}}
    trusted_proxy_middleware(app, trusted=trusted)(environ, lambda *args: None)
    return seen


def test_the_client_address_comes_from_a_trusted_proxy_only():
    trusted = _seen_by_app("10.0.0.5", ["10.0.0.0/24"], X_FORWARDED_FOR="198.51.100.7", X_FORWARDED_PROTO="https")
    assert (trusted["REMOTE_ADDR"], trusted["wsgi.url_scheme"]) == ("198.51.100.7", "https")
    spoofed = _seen_by_app("192.0.2.1", ["10.0.0.0/24"], X_FORWARDED_FOR="198.51.100.7", X_FORWARDED_PROTO="https")
    assert (spoofed["REMOTE_ADDR"], spoofed["wsgi.url_scheme"]) == ("192.0.2.1", "http")
    assert "HTTP_X_FORWARDED_PROTO" not in spoofed
