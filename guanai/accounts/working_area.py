"""The request's working area: the user's scope, narrowed by the area picker (kept in the session).

Every app's views read the scope through `current_scope(request)`; the picker itself (guanai/web)
writes the session key. Kept here, below the apps, so that no app has to import the web shell.
"""

from django.http import HttpRequest

from guanai.accounts.scoping import Scope, scope_for
from guanai.areas.models import Area
from guanai.areas.selectors import AreaNotFound, area_get

SESSION_KEY = "guanai_area"


def current_scope(request: HttpRequest) -> Scope:
    return scope_for(request.user, narrow_to=request.session.get(SESSION_KEY))


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
        request._guanai_area = current_area(current_scope(request))
    return request._guanai_area
