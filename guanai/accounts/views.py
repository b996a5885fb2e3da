"""Two-factor pages: set up (QR code, first code, recovery codes), the code page of signing in, and
the user's own status page (new recovery codes, turning it off where the role allows)."""

from urllib.parse import quote

from django import forms
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanai.accounts import twofactor
from guanai.accounts.middleware import session_mark_verified, session_verified
from guanai.core.forms import form_add_errors


class CodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("验证码"), max_length=20, strip=True,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text",
                                                         "autocapitalize": "none", "spellcheck": "false",
                                                         "autofocus": True}))


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Status and setup. A pending session of a user who has a device is sent to the code page: the
    status page is for a finished sign-in."""
    device = twofactor.two_factor_device(request.user)
    if device is not None and not session_verified(request):
        return redirect(f"{_url('two_factor_verify')}?next={quote(request.GET.get('next', ''))}")
    if device is None:
        return _setup(request)
    return _status(request, device)


def _setup(request: HttpRequest) -> HttpResponse:
    pending = twofactor.two_factor_begin(user=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = twofactor.two_factor_confirm(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            session_mark_verified(request)
            return render(request, "accounts/two_factor_codes.html", {"codes": codes, "next": _next_url(request)})
    uri = twofactor.provisioning_uri(pending)
    return render(request, "accounts/two_factor_setup.html", {
        "form": form, "qr": twofactor.qr_svg(uri), "secret": twofactor.secret_grouped(pending),
        "required": twofactor.two_factor_required(request.user), "next": _next_url(request),
        "two_factor_pending": not session_verified(request)})


def _status(request: HttpRequest, device) -> HttpResponse:
    form = CodeForm(request.POST or None)
    action = request.POST.get("action")
    if request.method == "POST" and form.is_valid():
        try:
            if action == "disable":
                twofactor.two_factor_disable(user=request.user, code=form.cleaned_data["code"])
                return redirect(_url("two_factor"))
            codes = twofactor.recovery_codes_regenerate(user=request.user, code=form.cleaned_data["code"])
            return render(request, "accounts/two_factor_codes.html", {"codes": codes, "next": _url("two_factor")})
        except (ValidationError, PermissionDenied) as error:
            form_add_errors(form, error if isinstance(error, ValidationError) else ValidationError(str(error)))
    return render(request, "accounts/two_factor_status.html", {
        "form": form, "device": device, "codes_left": twofactor.recovery_codes_left(request.user),
        "required": twofactor.two_factor_required(request.user)})


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The code page of signing in."""
    if session_verified(request):
        return redirect(_next_url(request))
    if twofactor.two_factor_device(request.user) is None:
        return redirect(f"{_url('two_factor')}?next={quote(request.GET.get('next', ''))}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        verdict = twofactor.two_factor_verify(user=user, code=form.cleaned_data["code"])
        if verdict in (twofactor.Verdict.TOTP, twofactor.Verdict.RECOVERY):
            session_mark_verified(request)
            return redirect(_next_url(request))
        if verdict is twofactor.Verdict.LOCKED:
            logout(request)
            return render(request, "accounts/two_factor_locked.html",
                          {"minutes": settings.TWO_FACTOR_COOLOFF_MINUTES}, status=403)
        form.add_error("code", _("验证码不正确，还可以再试 %(n)s 次。") % {"n": twofactor.failures_left(user)})
    return render(request, "accounts/two_factor_verify.html",
                  {"form": form, "next": _next_url(request), "two_factor_pending": True})


def _url(name: str) -> str:
    return reverse(name)
