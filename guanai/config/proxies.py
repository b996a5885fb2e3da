"""Which peers may tell us the client's address and scheme (X-Forwarded-For / -Proto / -Host / -Port).

Behind the bureau's TLS proxy (nginx) the browser speaks HTTPS to nginx and nginx speaks HTTP to us.
Only a request that comes from an address in settings.TRUSTED_PROXIES (IPs or networks, from the
environment) has its X-Forwarded-* headers applied: the scheme becomes https (so Django sends HSTS
and SECURE_SSL_REDIRECT does not loop), REMOTE_ADDR becomes the client's address (so the access log
records the user's machine, not the proxy). From any other peer the headers are removed, so a
client cannot claim to be someone else. Waitress can trust just one address; this wraps its parser so
that a list works, and it runs the same under any WSGI server.
"""

from collections.abc import Callable, Iterable
from ipaddress import ip_address, ip_network

from waitress.proxy_headers import (
    PROXY_HEADERS,
    MalformedProxyHeader,
    clear_untrusted_headers,
    parse_proxy_headers,
)
from waitress.utilities import BadRequest

TRUSTED_HEADERS = {"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port"}


def _is_trusted(peer: str | None, networks: list) -> bool:
    try:
        address = ip_address(peer or "")
    except ValueError:
        return False
    return any(address in network for network in networks)


def trusted_proxy_middleware(app: Callable, *, trusted: Iterable[str]) -> Callable:
    networks = [ip_network(item, strict=False) for item in trusted]

    def application(environ, start_response):
        untrusted = PROXY_HEADERS
        if _is_trusted(environ.get("REMOTE_ADDR"), networks):
            try:
                untrusted = parse_proxy_headers(environ, trusted_proxy_count=1, trusted_proxy_headers=TRUSTED_HEADERS)
            except MalformedProxyHeader as error:
                return BadRequest(f'Header "{error.header}" malformed.').wsgi_response(environ, start_response)
        clear_untrusted_headers(environ, untrusted)
        return app(environ, start_response)

    return application
