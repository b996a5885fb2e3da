"""Every read of workforce, scoped through scoped(): posts, holders, vacancies, turnover, coverage."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from guanai.accounts.scoping import Scope, scoped
from guanai.areas.models import Area, Level
from guanai.areas.precedence import code_prefixes, in_force, most_specific
from guanai.areas.selectors import administrative_units, in_force_q
from guanai.workforce import rules
from guanai.workforce.models import Post, PostKind, Tenure, VacancyRule


class PostNotFound(Http404):
    pass


class TenureNotFound(Http404):
    pass


def _open_on(qs: QuerySet, on: datetime.date) -> QuerySet:
    return qs.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on), started_on__lte=on)


def post_list(*, scope: Scope, kind: str | None = None, on: datetime.date | None = None) -> QuerySet[Post]:
    """Posts in the scope that exist on `on` (all, when None)."""
    qs = scoped(Post.objects.select_related("area", "facility"), scope=scope)
    if kind:
        qs = qs.filter(kind=kind)
    if on:
        qs = qs.filter(Q(abolished_on__isnull=True) | Q(abolished_on__gt=on), established_on__lte=on)
    return qs


def post_get(*, scope: Scope, pk: int) -> Post:
    post = post_list(scope=scope).filter(pk=pk).first()
    if post is None:
        raise PostNotFound
    return post


def tenure_list(*, scope: Scope, post: Post | None = None) -> QuerySet[Tenure]:
    qs = scoped(Tenure.objects.select_related("post", "area", "user"), scope=scope)
    return qs.filter(post=post) if post else qs


def tenure_get(*, scope: Scope, pk: int) -> Tenure:
    tenure = tenure_list(scope=scope).filter(pk=pk).first()
    if tenure is None:
        raise TenureNotFound
    return tenure


def holders_on(*, scope: Scope, on: datetime.date) -> dict[int, Tenure]:
    """Post id -> the tenure holding it on `on`."""
    return {t.post_id: t for t in _open_on(tenure_list(scope=scope), on)}


def max_vacant_days_for(*, area_code: str, on: datetime.date) -> int:
    """The VacancyRule in force for the area (the longest matching code; a row with no area applies
    everywhere); the issue's 30 days when no row exists."""
    rows = VacancyRule.objects.filter(Q(area__isnull=True) | Q(area_id__in=code_prefixes(area_code)), in_force(on))
    best = most_specific(rows, area_code)
    return best.max_vacant_days if best else rules.DEFAULT_MAX_VACANT_DAYS


@dataclass(frozen=True)
class Vacancy:
    post: Post
    vacant_since: datetime.date
    days: int
    overdue: bool  # on the county's list


def vacancies(*, scope: Scope, on: datetime.date, kind: str | None = None) -> list[Vacancy]:
    """Posts with nobody holding them on `on`: since when, how many days, and whether past the rule."""
    posts = list(post_list(scope=scope, kind=kind, on=on))
    held = holders_on(scope=scope, on=on)
    last_end: dict[int, datetime.date] = {}
    for post_id, ended in tenure_list(scope=scope).filter(ended_on__lt=on).values_list("post_id", "ended_on"):
        if ended > last_end.get(post_id, datetime.date.min):
            last_end[post_id] = ended
    limits: dict[str, int] = {}
    found = []
    for post in posts:
        if post.pk in held:
            continue
        since = max(post.established_on, last_end[post.pk] + datetime.timedelta(days=1)) \
            if post.pk in last_end else post.established_on
        if post.area_id not in limits:
            limits[post.area_id] = max_vacant_days_for(area_code=post.area_id, on=on)
        found.append(Vacancy(post, since, rules.vacant_days(vacant_since=since, on=on),
                             rules.vacancy_overdue(vacant_since=since, on=on, max_vacant_days=limits[post.area_id])))
    return sorted(found, key=lambda v: (-v.days, v.post.area_id))


@dataclass(frozen=True)
class Turnover:
    kind: str
    posts: int
    held: int
    appointed: int  # tenures started in the year
    left: int  # tenures ended in the year

    @property
    def rate_percent(self) -> int | None:
        """Leavers per 100 posts, whole percent (None without posts)."""
        return round(self.left * 100 / self.posts) if self.posts else None


def turnover(*, scope: Scope, year: int, on: datetime.date) -> list[Turnover]:
    held = holders_on(scope=scope, on=on)
    tenures = tenure_list(scope=scope)
    rows = []
    for kind, _label in PostKind.choices:
        posts = list(post_list(scope=scope, kind=kind, on=on).values_list("pk", flat=True))
        if not posts:
            continue
        rows.append(Turnover(kind, len(posts), sum(1 for p in posts if p in held),
                             tenures.filter(post__kind=kind, started_on__year=year).count(),
                             tenures.filter(post__kind=kind, ended_on__year=year).count()))
    return rows


@dataclass(frozen=True)
class WorkforceCoverage:
    townships: int
    townships_with_supervisor: int
    villages: int
    villages_with_director: int
    uncovered: list[tuple[str, Area]]  # (post kind, the area without a holder)


def coverage(*, scope: Scope, on: datetime.date) -> WorkforceCoverage:
    """Towns with a child supervisor and villages with a child director holding office on `on`
    (民发〔2019〕34号), among the towns and villages that existed on `on` (areas.selectors.in_force_q: a
    village created later or merged away before is no gap). NBS "other units" (林业局、虚拟生活区) are not
    counted (areas.selectors.administrative_units)."""
    areas = administrative_units(scoped(Area.objects.filter(in_force_q(on)), scope=scope, area_field="pk"))
    townships = list(areas.filter(level=Level.TOWNSHIP).order_by("code"))
    villages = list(areas.filter(level=Level.VILLAGE).order_by("code"))
    held = holders_on(scope=scope, on=on)
    covered = {kind: set() for kind in (PostKind.CHILD_SUPERVISOR, PostKind.CHILD_DIRECTOR)}
    for post in post_list(scope=scope, on=on).filter(kind__in=list(covered)):
        if post.pk in held:
            covered[post.kind].add(post.area_id)
    sup, dire = covered[PostKind.CHILD_SUPERVISOR], covered[PostKind.CHILD_DIRECTOR]
    uncovered = [(PostKind.CHILD_SUPERVISOR.value, t) for t in townships if t.code not in sup]
    uncovered += [(PostKind.CHILD_DIRECTOR.value, v) for v in villages if v.code not in dire]
    return WorkforceCoverage(len(townships), sum(1 for t in townships if t.code in sup), len(villages),
                             sum(1 for v in villages if v.code in dire), uncovered)
