from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from guanai.web.home import home_cards
from guanai.web.shell import area_up, current_scope, request_area, set_current_area


@login_required
def home(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=None)
    area = request_area(request)
    cards = home_cards(user=request.user, scope=scope, area=area)
    return render(request, "web/home.html", {
        "cards": cards,
        "up": area_up(request.user, area=area),
        "has_chart": any(c.context.get("chart") for c in cards),
    })


@login_required
@require_POST
def area_pick(request: HttpRequest) -> HttpResponse:
    set_current_area(request, request.POST.get("area") or None)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "home"
    return redirect(target)
