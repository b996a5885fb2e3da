
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from guanai.web.help import GUIDE_DIR, GUIDE_NAMES, guide_for, guide_html
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


@login_required
def help_index(request: HttpRequest) -> HttpResponse:
    return redirect("help", guide_for(request.user.role))


@login_required
def help_page(request: HttpRequest, name: str) -> HttpResponse:
    """A role guide of docs/guide (our own Markdown, so its HTML is trusted)."""
    if name not in GUIDE_NAMES:
        raise Http404
    title, html = guide_html(name)
    return render(request, "web/help.html", {"title": title, "html": html, "guides": sorted(GUIDE_NAMES)})


@login_required
def help_screen(request: HttpRequest, name: str, shot: str) -> FileResponse:
    """A screenshot a guide shows (docs/guide/screens/<shot>.jpg; the slug keeps the path inside)."""
    path = GUIDE_DIR / "screens" / f"{shot}.jpg"
    if name not in GUIDE_NAMES or not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"))
