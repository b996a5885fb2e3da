"""The second step of signing in, kept in the session.

At sign-in (Django's user_logged_in, sent by the login page, the admin's login and a test's
force_login alike) the session is marked "pending" when the user has two-factor sign-in on or must
use it, else "ok". While pending, every request other than the two-factor pages and signing out is
sent to the code page (or, for a role that must use it and has no device yet, to the setup page); the
API answers 401. A bearer token has no session and is not affected: a token is made only after a
code (accounts/admin.py)."""

from urllib.parse import quote

from django.http import HttpRequest, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from guanai.accounts.twofactor import two_factor_device, two_factor_required

SESSION_KEY = "two_factor"
VERIFIED = "ok"
PENDING = "pending"
# Paths a pending session may still open: the two-factor pages, signing out, the language switch, files.
OPEN_PREFIXES = ("/account/two-factor/", "/logout/", "/i18n/", "/static/", "/login/")
NOT_VERIFIED = "请先完成两步验证 / finish two-factor sign-in first"


def session_on_login(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver: whether this sign-in still owes a second step."""
    if request is None or not hasattr(request, "session"):
        return
    owes = two_factor_required(user) or two_factor_device(user) is not None
    request.session[SESSION_KEY] = PENDING if owes else VERIFIED


def session_mark_verified(request: HttpRequest) -> None:
    """After a right code: a new session key (the pending one may have been seen), then verified."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = VERIFIED


def session_verified(request: HttpRequest) -> bool:
    return request.session.get(SESSION_KEY) == VERIFIED


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or session_verified(request):
            return self.get_response(request)
        if request.path.startswith(OPEN_PREFIXES):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": NOT_VERIFIED}, status=401)
        if two_factor_device(user) is not None:
            target = "two_factor_verify"
        elif two_factor_required(user):
            target = "two_factor"
        else:  # a session from before two-factor sign-in existed, of a user who needs none
            request.session[SESSION_KEY] = VERIFIED
            return self.get_response(request)
        return redirect(f"{reverse(target)}?next={quote(request.get_full_path())}")
