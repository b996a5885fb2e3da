"""Which pages to open: discovered from the URL conf and the pages themselves, never a hand list.

Every URL pattern without parameters is a page (unless it is a download, an action or the API). A
pattern with parameters (a person, a roster, a case) is opened once per role, through the first link
to it that the role's own pages show: so a new page is checked as soon as something links to it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

# Not pages: the API, downloads, actions that answer a POST, the admin's inner pages (the admin's index
# is checked), and polling fragments.
SKIP = re.compile(r"^(api/|static/|media/|i18n/|logout|admin/.+|.*export|.*\.(xlsx|csv|pdf|json)$|.*/pdf$|"
                  r".*progress|.*/xlsx$)")
PARAM = re.compile(r"<(?:\w+:)?\w+>")


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + str(entry.pattern), namespace + entry.name


def plain_pages() -> list[str]:
    """Paths of the GET pages that take no parameter."""
    out = []
    for route, name in _walk(get_resolver().url_patterns):
        route = route.lstrip("^").rstrip("$")
        if PARAM.search(route) or SKIP.match(route) or "(?P" in route:
            continue
        try:
            out.append(reverse(name))
        except NoReverseMatch:
            continue
    return sorted(set(out))


def pattern_of(path: str) -> str | None:
    """The URL name a same-site path resolves to, or None (outside the app, a download, the API)."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    route = match.route or ""
    if SKIP.match(route):
        return None
    return match.view_name
