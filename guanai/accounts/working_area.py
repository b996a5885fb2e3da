"""The request layer's scope: the user's scope narrowed by the working area (the area picker, kept in
the session), after the capability check.

Every view and API route reads its scope through `current_scope(request, capability=...)`; the
picker itself (guanai/web) writes the session key. Kept here, below the apps, so that no app has to
import the web shell. A request without a session key (an API token) gets the user's whole scope.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from guanai.accounts.roles import NOT_ALLOWED
from guanai.accounts.scoping import Scope, scope_for
from guanai.areas.models import Area
from guanai.areas.selectors import AreaNotFound, area_get

SESSION_KEY = "guanai_area"


def current_scope(request: HttpRequest, *, capability: str | None) -> Scope:
    """The scope a request works in. `capability`: the one the page or route needs (PermissionDenied
    without it: a 403 page, or the API's 403 answer); None for what every signed-in user may open."""
    if capability is not None and not request.user.can(capability):
        raise PermissionDenied(NOT_ALLOWED)
    session = getattr(request, "session", None)
    # A partner token's area (config/api.py sets it) narrows like the picker; scope_for never widens.
    narrow = getattr(request, "api_area", None) or (session.get(SESSION_KEY) if session is not None else None)
    return scope_for(request.user, narrow_to=narrow)


def current_area(scope: Scope) -> Area | None:
    """The area a scope stands for; None for the whole installation (or nothing)."""
    if scope.is_everything or not scope.contains(scope.prefix):
        return None
    try:
        return area_get(code=scope.prefix)
    except AreaNotFound:
        return None


def request_area(request: HttpRequest) -> Area | None:
    """`current_area` of the request's scope, looked up once per request (view and page frame share it)."""
    if not hasattr(request, "_guanai_area"):
        request._guanai_area = current_area(current_scope(request, capability=None))
    return request._guanai_area
