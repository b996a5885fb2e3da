"""/api/v1/accounts/ (who am I) and /api/v1/areas/ (the division tree as far as the user may see it).

The areas routes live here, not in areas: they answer by the user's scope, and areas (the lowest app,
the division tree) knows no users. Both use the user's own scope, not the picker's narrowing: the
area picker browses the whole of it.
"""

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from guanai.accounts.scoping import scope_for
from guanai.areas import selectors
from guanai.areas.schemas import AreaDetailOut, AreaOut

router = Router(tags=["accounts"])
areas_router = Router(tags=["areas"])


class MeOut(Schema):
    username: str
    full_name: str
    role: str
    area_code: str | None


@router.get("/me", response=MeOut)
def me(request: HttpRequest):
    user = request.user
    return {"username": user.username, "full_name": user.full_name, "role": user.role, "area_code": user.area_id}


def _visible(request: HttpRequest, code: str) -> bool:
    # An area is visible when it lies in the user's scope or above it (its ancestors give context).
    scope = scope_for(request.user)
    return scope.contains(code) or (scope.prefix not in ("", "\x00") and scope.prefix.startswith(code))


@areas_router.get("/", response=list[AreaOut])
def area_children(request: HttpRequest, parent: str | None = None):
    scope = scope_for(request.user)
    if parent is None and not scope.is_everything:
        parent = scope.prefix if scope.prefix != "\x00" else None
        return [selectors.area_get(code=parent)] if parent else []
    if parent is not None and not scope.contains(parent):
        raise Http404
    return list(selectors.area_children(code=parent))


@areas_router.get("/{code}", response=AreaDetailOut)
def area_detail(request: HttpRequest, code: str):
    if not _visible(request, code):
        raise Http404
    try:
        area = selectors.area_get(code=code)
    except selectors.AreaNotFound:
        raise Http404 from None
    counts = selectors.area_descendant_counts(area=area) if scope_for(request.user).contains(code) else {}
    return {"area": area, "ancestors": selectors.area_ancestors(area=area),
            "descendant_counts": {level: dict(c) for level, c in counts.items()}}
