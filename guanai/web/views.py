from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from guanai.web.shell import current_scope, set_current_area


@login_required
def home(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request)
    return render(request, "web/home.html", {"scope": scope})


@login_required
@require_POST
def area_pick(request: HttpRequest) -> HttpResponse:
    set_current_area(request, request.POST.get("area") or None)
    return redirect(request.POST.get("next") or "home")
