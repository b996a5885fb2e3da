"""The one place that decides what a user may see: an area code prefix.

Every row with personal data carries its village `Area`, whose primary key is its NBS code, so a
user bound to 610330 sees exactly the rows whose area code starts with "610330". Every selector that
returns personal data passes its queryset through `scoped()`; nothing else filters by user.
See docs/adr/0001-area-scoping.md.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from guanai.accounts.roles import ASSIGNED_ONLY_ROLES, INSTALLATION_WIDE_ROLES

NOTHING = "\x00"  # a prefix no area code has


@dataclass(frozen=True)
class Scope:
    prefix: str  # "" = the whole installation; NOTHING = no rows at all
    # A provider's social worker sees only the people assigned to them (DESIGN.md, "Who uses it"):
    # their user id. The app that assigns people (visits) registers how to read assignment with
    # people.selectors.assignment_filter_register; with none registered such a scope sees nobody.
    assigned_to: int | None = None

    @property
    def is_everything(self) -> bool:
        return self.prefix == ""

    def contains(self, code: str | None) -> bool:
        return code is not None and self.prefix != NOTHING and code.startswith(self.prefix)


def scope_for(user, *, narrow_to: str | None = None) -> Scope:
    """The user's scope, optionally narrowed to a sub-area (the area picker). Never widened."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope(NOTHING)
    if user.area_id:
        base = user.area_id
    elif user.role in INSTALLATION_WIDE_ROLES or user.is_superuser:
        base = ""
    else:
        return Scope(NOTHING)
    assigned_to = user.pk if user.role in ASSIGNED_ONLY_ROLES else None
    if narrow_to and narrow_to.startswith(base):
        return Scope(narrow_to, assigned_to)
    return Scope(base, assigned_to)


def code_range(prefix: str) -> tuple[str, str | None]:
    """Codes starting with `prefix` are exactly those in [low, high): an index range both SQLite and
    PostgreSQL can seek, where SQLite cannot use an index for LIKE. Codes are digits only, so every
    collation orders them alike. High is None when no upper bound is needed ("99" -> everything above)."""
    stripped = prefix.rstrip("9")
    if not stripped:
        return prefix, None
    return prefix, stripped[:-1] + str(int(stripped[-1]) + 1)


def _range_filter(queryset: QuerySet, column: str, prefix: str) -> QuerySet:
    low, high = code_range(prefix)
    condition = {f"{column}__gte": low}
    if high is not None:
        condition[f"{column}__lt"] = high
    return queryset.filter(**condition)


def scoped(queryset: QuerySet, *, scope: Scope, area_field: str = "area") -> QuerySet:
    """Rows of `queryset` whose `area_field` (a path to an Area foreign key, or "pk" for a queryset of
    Area itself) lies inside `scope`. Compiles to `area_id >= '610330' AND area_id < '610331'` on the
    row's own column (no join), which the area index serves."""
    if scope.is_everything:
        return queryset
    if scope.prefix == NOTHING:
        return queryset.none()
    column = area_field if area_field in ("pk", "code") else f"{area_field}__pk"
    return _range_filter(queryset, column, scope.prefix)


def require_in_scope(*, scope: Scope, area_code: str | None) -> None:
    """For writes: refuse an area outside the scope, as if it did not exist."""
    if not scope.contains(area_code):
        raise PermissionDenied("不在您的管辖范围内 / outside your area")


def scoped_by_code(queryset: QuerySet, *, scope: Scope, code_field: str = "area_code") -> QuerySet:
    """The same rule for rows that keep a plain area code instead of a foreign key (audit rows)."""
    if scope.is_everything:
        return queryset
    if scope.prefix == NOTHING:
        return queryset.none()
    return _range_filter(queryset, code_field, scope.prefix)
