"""The user's working area in a web session: the area picker narrows the scope, never widens it."""

from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest
from django.utils.translation import gettext

from guanai.accounts.scoping import NOTHING, Scope, require_in_scope, scope_for, scoped_by_code
from guanai.accounts.working_area import SESSION_KEY, current_area, current_scope, request_area  # noqa: F401
from guanai.areas.models import LEVEL_CODE_LENGTH, Area, Level

# The picker lists whole levels below the user's area while they fit in this many options (a county
# with all its villages: ~100); below that it lists only the path to the chosen area and its children,
# so a prefecture (1,500 areas) or the whole installation still gives a small page.
PICKER_MAX_OPTIONS = 250


def set_current_area(request: HttpRequest, code: str | None) -> Scope:
    """Narrow to `code`, or back to the user's whole scope when `code` is empty.

    Raises PermissionDenied for an area outside the user's own scope or one that does not exist,
    so a forged form cannot tell the two apart."""
    own = scope_for(request.user)
    if not code:
        request.session.pop(SESSION_KEY, None)
        return current_scope(request, capability=None)
    require_in_scope(scope=own, area_code=code)
    if not Area.objects.filter(code=code, ended_on__isnull=True).exists():
        raise PermissionDenied("不在您的管辖范围内 / outside your area")
    request.session[SESSION_KEY] = code
    return current_scope(request, capability=None)


@dataclass(frozen=True)
class AreaOption:
    code: str  # "" = the user's whole scope
    label: str
    depth: int
    selected: bool

    @property
    def indented_label(self) -> str:
        """<option> cannot be styled per level, so the tree shows as ideographic-space indents."""
        return "\u3000" * self.depth + self.label


def _levels_that_fit(areas, base_depth: int) -> list[str]:
    per_level = Counter(dict(areas.values_list("level").annotate(n=Count("pk")).order_by()))
    levels, total = [], 0
    for level in Level.values[base_depth:]:
        total += per_level.get(level, 0)
        if total > PICKER_MAX_OPTIONS:
            break
        levels.append(level)
    return levels


def area_picker_options(user, *, chosen: str | None) -> list[AreaOption]:
    """The user's own area and the active areas below it, in tree order, limited to the user's scope."""
    own = scope_for(user)
    if own.prefix == NOTHING:
        return []
    areas = scoped_by_code(Area.objects.filter(ended_on__isnull=True), scope=own, code_field="code")
    base_depth = next((i + 1 for i, n in enumerate(LEVEL_CODE_LENGTH.values()) if n == len(own.prefix)), 0)
    below = areas.exclude(code=own.prefix)
    levels = _levels_that_fit(below, base_depth)
    # (code, short name) pairs, not Area rows: a prefecture's picker lists ~150 areas on every page.
    shown = dict(below.filter(level__in=levels).values_list("code", "short_name"))
    if chosen and own.contains(chosen):
        path = [chosen[:n] for n in LEVEL_CODE_LENGTH.values() if len(own.prefix) < n <= len(chosen)]
        shown.update(below.filter(code__in=path).values_list("code", "short_name"))
        shown.update(below.filter(parent_id=chosen).values_list("code", "short_name"))
    own_name = (Area.objects.filter(code=own.prefix).values_list("short_name", flat=True).first()
                if own.prefix else None)
    chosen_code = chosen if chosen and chosen != own.prefix else ""
    options = [AreaOption(code="", label=own_name if own_name is not None else gettext("全部区划"),
                          depth=0, selected=not chosen_code)]
    lengths = list(LEVEL_CODE_LENGTH.values())
    for code in sorted(shown):
        depth = lengths.index(len(code)) + 1 - base_depth
        options.append(AreaOption(code=code, label=shown[code], depth=depth, selected=code == chosen_code))
    return options



def area_up(user, *, area: Area | None) -> AreaOption | None:
    """Where "back up" leads from a narrowed area: its parent, or the user's whole scope."""
    own = scope_for(user)
    if area is None or area.code == own.prefix or not own.contains(area.code):
        return None
    parent = area.parent
    if parent is not None and parent.code != own.prefix and own.contains(parent.code):
        return AreaOption(code=parent.code, label=parent.short_name, depth=0, selected=False)
    own_area = Area.objects.filter(code=own.prefix).first() if own.prefix else None
    return AreaOption(code="", label=own_area.short_name if own_area else gettext("全部区划"), depth=0,
                      selected=False)
