"""The user's working area in a web session: the area picker narrows the scope, never widens it."""

from django.http import HttpRequest

from guanai.accounts.scoping import Scope, scope_for

SESSION_KEY = "guanai_area"


def current_scope(request: HttpRequest) -> Scope:
    return scope_for(request.user, narrow_to=request.session.get(SESSION_KEY))


def set_current_area(request: HttpRequest, code: str | None) -> Scope:
    """Narrow to `code` if it lies in the user's own scope; otherwise fall back to the whole scope."""
    own = scope_for(request.user)
    if code and own.contains(code):
        request.session[SESSION_KEY] = code
    else:
        request.session.pop(SESSION_KEY, None)
    return current_scope(request)
