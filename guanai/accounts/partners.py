"""Partner systems' API calls: a token's purpose (resources, read or write), its rate limit, and the
access-log row every token call writes (DESIGN.md: "every call in the access log")."""

import time

from django.core.cache import cache
from django.core.cache.backends.db import DatabaseCache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest

from guanai.accounts.models import ApiToken
from guanai.audit.models import AccessAction
from guanai.audit.services import access_log_write, client_ip

API_RESOURCES = ("areas", "accounts", "people", "benefits", "visits", "cases")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
API_PREFIX = "/api/v1/"


class RateLimited(Exception):
    def __init__(self, limit: int, retry_after: int):
        super().__init__(f"调用过于频繁：每分钟最多 {limit} 次 / rate limit: {limit} calls a minute")
        self.retry_after = retry_after


def resource_of(path: str) -> str:
    rest = path.split(API_PREFIX, 1)[-1]
    return rest.split("/", 1)[0]


def _count_call(token: ApiToken) -> None:
    """A fixed one-minute window per token in the shared cache (settings.CACHES: the database, or
    Redis). Redis counts atomically; the database cache's incr reads then writes, so there the count
    runs in a transaction holding the token's row (PostgreSQL) or the write lock (SQLite's BEGIN
    IMMEDIATE), and two processes cannot both read the same count."""
    now = int(time.time())
    key = f"api-rate:{token.pk}:{now // 60}"
    with transaction.atomic():
        if isinstance(cache, DatabaseCache):
            ApiToken.objects.select_for_update().filter(pk=token.pk).values_list("pk", flat=True).first()
        cache.add(key, 0, timeout=61)
        calls = cache.incr(key)
    if calls > token.rate_per_minute:
        raise RateLimited(token.rate_per_minute, retry_after=60 - now % 60)


def api_call_admit(*, token: ApiToken, request: HttpRequest) -> None:
    """Refuse a call outside the token's purpose (403) or over its rate (429); log every call, refused too."""
    resource, method = resource_of(request.path), request.method or "GET"
    refusal = ""
    if token.resources and resource not in token.resources:
        refusal = f"令牌“{token.name}”不能调用 {resource} 接口 / this token may not call {resource}"
    elif method not in SAFE_METHODS and not token.can_write:
        refusal = f"令牌“{token.name}”只读 / this token is read-only"
    access_log_write(user=token.user, action=AccessAction.DENIED if refusal else AccessAction.VIEW,
                     object_type="api_call", object_id=str(token.pk),
                     area_code=token.area_id or token.user.area_id or "",
                     detail={"method": method, "path": request.get_full_path()[:300], "token": token.prefix},
                     ip_address=client_ip(request))
    if refusal:
        raise PermissionDenied(refusal)
    _count_call(token)
