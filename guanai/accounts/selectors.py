from dataclasses import dataclass

from django.db.models import Count, QuerySet

from guanai.accounts.models import ApiToken, User
from guanai.accounts.roles import Role
from guanai.accounts.scoping import Scope, require_in_scope, scoped
from guanai.areas.models import Area, Kind, Level


def user_list(*, scope: Scope) -> QuerySet[User]:
    return scoped(User.objects.select_related("area"), scope=scope).order_by("area_id", "username")


def api_token_for_key(*, key: str) -> ApiToken | None:
    """The live token with this key (not revoked, its user active), or None."""
    return (ApiToken.objects.select_related("user", "user__area")
            .filter(digest=ApiToken.digest_of(key), revoked_at__isnull=True, user__is_active=True).first())


def user_count_by_role(*, scope: Scope) -> dict[str, int]:
    """Active users per role inside `scope`, every role present (0 when none)."""
    counts = dict(scoped(User.objects.filter(is_active=True), scope=scope)
                  .values_list("role").annotate(n=Count("pk")).order_by())
    return {role: counts.get(role, 0) for role in Role.values}


# Which areas must have a child director / a child supervisor: every village committee and residents'
# committee, every town, rural township and subdistrict (凤县 reply 2023: "9 towns ... 66 villages and
# 4 communities"); forestry units and other non-administrative units are left out.
DIRECTOR_AREA_KINDS = (Kind.VILLAGE_COMMITTEE, Kind.RESIDENTS_COMMITTEE)
SUPERVISOR_AREA_KINDS = (Kind.TOWN, Kind.RURAL_TOWNSHIP, Kind.SUBDISTRICT)


@dataclass(frozen=True)
class Coverage:
    """How many of `total` areas have at least one active user of the role."""

    total: int
    covered: int

    @property
    def missing(self) -> int:
        return self.total - self.covered

    @property
    def percent(self) -> int:
        return round(100 * self.covered / self.total) if self.total else 0


@dataclass(frozen=True)
class CoverageRow:
    area: Area
    villages: Coverage
    townships: Coverage


@dataclass(frozen=True)
class StaffCoverage:
    villages: Coverage  # villages with a child director
    townships: Coverage  # townships with a child supervisor
    rows: list[CoverageRow]  # one per child area of the scope's area (township, county, ...)
    uncovered_villages: list[Area]  # only filled for a township-sized scope, where it is short


def _staffed_area_codes(*, scope: Scope, role: str) -> set[str]:
    staff = scoped(User.objects.filter(is_active=True, role=role), scope=scope, area_field="area")
    return set(staff.values_list("area_id", flat=True).distinct())


def _coverage(units: list[Area], staffed: set[str]) -> Coverage:
    return Coverage(total=len(units), covered=sum(1 for a in units if a.code in staffed))


def staff_coverage(*, scope: Scope, area: Area) -> StaffCoverage:
    """Child directors per village and child supervisors per township below `area` (inside `scope`),
    in total and per child area. Five queries whatever the size of the scope."""
    require_in_scope(scope=scope, area_code=area.code)
    inside = scoped(Area.objects.filter(ended_on__isnull=True), scope=Scope(area.code), area_field="pk")
    villages = list(inside.filter(level=Level.VILLAGE, kind__in=DIRECTOR_AREA_KINDS).order_by("code"))
    townships = list(inside.filter(level=Level.TOWNSHIP, kind__in=SUPERVISOR_AREA_KINDS).order_by("code"))
    area_scope = Scope(area.code)
    directors = _staffed_area_codes(scope=area_scope, role=Role.CHILD_DIRECTOR)
    supervisors = _staffed_area_codes(scope=area_scope, role=Role.CHILD_SUPERVISOR)
    rows = []
    for child in inside.filter(parent_id=area.code).exclude(level=Level.VILLAGE).order_by("code"):
        child_villages = [v for v in villages if v.code.startswith(child.code)]
        child_townships = [t for t in townships if t.code.startswith(child.code)]
        if child_villages or child_townships:
            rows.append(CoverageRow(area=child, villages=_coverage(child_villages, directors),
                                    townships=_coverage(child_townships, supervisors)))
    uncovered = [v for v in villages if v.code not in directors] if area.level == Level.TOWNSHIP else []
    return StaffCoverage(villages=_coverage(villages, directors), townships=_coverage(townships, supervisors),
                         rows=rows, uncovered_villages=uncovered)
