from functools import cache
from importlib.metadata import PackageNotFoundError, version

from django.conf import settings

from guanai.areas.selectors import area_ancestors
from guanai.web.nav import nav_links
from guanai.web.shell import SESSION_KEY, area_picker_options, current_scope, request_area


@cache
def _version() -> str:
    try:
        return version("guanai")
    except PackageNotFoundError:
        return ""


def shell(request) -> dict:
    """What every page's frame needs: product name, navigation, the area picker and the current area."""
    context = {
        "product_name": settings.GUANAI_SITE_NAME,
        "bureau_name": getattr(settings, "GUANAI_BUREAU_NAME", ""),
        "product_version": _version(),
    }
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    scope = current_scope(request, capability=None)
    area = cache(lambda: request_area(request))
    # Callables: the template engine calls them only where a page uses them (the admin does not).
    context.update({
        "scope": scope,
        "current_area": area,
        "current_area_path": cache(lambda: area_ancestors(area=area()) if area() else []),
        "nav_links": cache(lambda: nav_links(request)),
        "area_options": cache(lambda: area_picker_options(user, chosen=request.session.get(SESSION_KEY))),
    })
    return context
