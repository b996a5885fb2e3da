"""Every write of workforce: set up posts, appoint holders, record training and certificates, and end
a tenure. Keyword-only, capability and scope checked, one transaction with its event (events.py)."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from guanai.accounts.models import User
from guanai.accounts.roles import Capability, require_capability
from guanai.accounts.scoping import Scope, require_in_scope
from guanai.areas.models import Area
from guanai.core.errors import Conflict
from guanai.workforce import events
from guanai.workforce.imports import LABELS, HolderRow
from guanai.workforce.models import POST_LEVEL, Post, PostKind, Tenure
from guanai.workforce.schemas import PostIn, TenureIn

# The level's name inside the bilingual message (the Level labels would follow the page's language).
LEVEL_NAMES = {"township": "乡镇(街道)", "village": "村(社区)"}


class PostOccupied(Conflict):
    """A post already has a holder: end that tenure first."""


def _wrong_level(kind: str, area: Area) -> str | None:
    """Why a post of this kind cannot stand in the area (POST_LEVEL), or None when it can."""
    level = POST_LEVEL.get(kind)
    if level and area.level != level:
        return f"该岗位应设在{LEVEL_NAMES[level]}一级 / this post belongs at {level} level"
    return None


@transaction.atomic
def post_create(*, actor, scope: Scope, data: PostIn) -> Post:
    require_capability(actor, Capability.FACILITIES_EDIT)
    require_in_scope(scope=scope, area_code=data.area_code)
    area = Area.objects.filter(code=data.area_code).first()
    if area is None:
        raise ValidationError({"area_code": "区划代码不存在 / no such area"})
    if data.kind not in PostKind.values:
        raise ValidationError({"kind": "未知的岗位 / unknown post kind"})
    if wrong := _wrong_level(data.kind, area):
        raise ValidationError({"area_code": wrong})
    post = Post(kind=data.kind, area=area, title=data.title, facility_id=data.facility_id,
                established_on=data.established_on)
    post.full_clean()
    post.save()
    events.post_event(actor=actor, post=post)
    return post


def _user_in_scope(scope: Scope, user_id: int | None) -> User | None:
    if user_id is None:
        return None
    user = User.objects.filter(pk=user_id).first()
    if user is None or not scope.contains(user.area_id):
        raise ValidationError({"user_id": "系统账号不存在或不在管辖范围内 / no such user in your area"})
    return user


@transaction.atomic
def holder_appoint(*, actor, scope: Scope, post: Post, data: TenureIn) -> Tenure:
    require_capability(actor, Capability.FACILITIES_EDIT)
    require_in_scope(scope=scope, area_code=post.area_id)
    current = post.tenures.filter(ended_on__isnull=True).first()
    if current is not None:
        raise PostOccupied(f"该岗位现由{current.name}担任，请先办理离任 / the post is held; end that tenure first")
    last = post.tenures.order_by("-ended_on").first()
    if last is not None and last.ended_on and data.started_on <= last.ended_on:
        raise ValidationError({"started_on": "任职日期应晚于上一任离任日期 / must start after the previous tenure"})
    tenure = Tenure(post=post, area_id=post.area_id, user=_user_in_scope(scope, data.user_id),
                    **data.model_dump(exclude={"user_id"}))
    tenure.full_clean()
    tenure.save()
    events.tenure_event(actor=actor, tenure=tenure, verb="post_holder_appointed")
    return tenure


@transaction.atomic
def holder_update(*, actor, scope: Scope, tenure: Tenure, phone: str, trained_on: datetime.date | None,
                  certificate_no: str, certificate_on: datetime.date | None) -> Tenure:
    require_capability(actor, Capability.FACILITIES_EDIT)
    require_in_scope(scope=scope, area_code=tenure.area_id)
    tenure.phone, tenure.trained_on = phone, trained_on
    tenure.certificate_no, tenure.certificate_on = certificate_no, certificate_on
    tenure.full_clean()
    tenure.save()
    events.tenure_event(actor=actor, tenure=tenure, verb="post_holder_updated")
    return tenure


@transaction.atomic
def holder_end(*, actor, scope: Scope, tenure: Tenure, ended_on: datetime.date, reason: str) -> Tenure:
    require_capability(actor, Capability.FACILITIES_EDIT)
    require_in_scope(scope=scope, area_code=tenure.area_id)
    if tenure.ended_on is not None:
        raise Conflict("已离任 / this tenure has ended already")
    if ended_on < tenure.started_on:
        raise ValidationError({"ended_on": "离任日期不能早于任职日期 / cannot end before it started"})
    tenure.ended_on, tenure.end_reason = ended_on, reason.strip()
    tenure.full_clean()
    tenure.save()
    events.tenure_event(actor=actor, tenure=tenure, verb="post_holder_ended")
    return tenure


# --- import of a roster of posts and holders (imports.py reads the sheet) ---------------------------

REPLACED_REASON = "按导入的名册更换 / replaced by an imported roster"


@dataclass(frozen=True)
class ImportResult:
    posts_created: int = 0
    appointed: int = 0
    updated: int = 0
    replaced: int = 0
    unchanged: int = 0


@dataclass
class _Found:
    """What the database holds for the sheet's posts, read once for the check and the write."""

    areas: dict[str, Area]
    users: dict[str, User]
    posts: dict[tuple[str, str, str], Post]
    holders: dict[int, Tenure]  # post id -> its open tenure
    last_ended: dict[int, datetime.date]  # post id -> the latest end of a closed tenure


def _found(rows: list[HolderRow]) -> _Found:
    codes = {row.area_code for row in rows}
    posts: dict[tuple[str, str, str], Post] = {}
    for post in Post.objects.filter(area_id__in=codes, abolished_on__isnull=True).order_by("pk"):
        posts.setdefault((post.kind, post.area_id, post.title), post)
    tenures = Tenure.objects.filter(post__in=posts.values())
    return _Found(
        areas={a.code: a for a in Area.objects.filter(code__in=codes)},
        users={u.username: u for u in User.objects.filter(username__in={r.username for r in rows if r.username})},
        posts=posts, holders={t.post_id: t for t in tenures.filter(ended_on__isnull=True)},
        last_ended=dict(tenures.filter(ended_on__isnull=False).values("post_id").annotate(last=Max("ended_on"))
                        .values_list("post_id", "last")))


def _row_problems(row: HolderRow, scope: Scope, found: _Found) -> Iterator[tuple[str, str]]:
    """(field, message) for what the database says is wrong with a row that reads well."""
    area = found.areas.get(row.area_code)
    if area is None:
        yield "area_code", "区划代码不存在 / no such area"
    elif not scope.contains(area.code):
        yield "area_code", "不在您的管辖范围内 / outside your area"
    elif wrong := _wrong_level(row.kind, area):
        yield "area_code", wrong
    if row.username and (row.username not in found.users or not scope.contains(found.users[row.username].area_id)):
        yield "username", "系统账号不存在或不在管辖范围内 / no such user in your area"
    post = found.posts.get(row.post_key)
    current = found.holders.get(post.pk) if post else None
    if row.name and current and current.name != row.name and row.started_on <= current.started_on:
        yield "started_on", (f"应晚于现任{current.name}的任职日期{current.started_on:%Y-%m-%d} / must be after the "
                             "current holder's start")
    ended = found.last_ended.get(post.pk) if post and not current else None
    if row.name and ended and row.started_on <= ended:
        yield "started_on", f"应晚于上一任的离任日期{ended:%Y-%m-%d} / must be after the previous tenure ended"


def workforce_rows_check(*, scope: Scope, rows: list[HolderRow], where: dict[str, str]) -> list[str]:
    """One message per bad cell, naming the sheet row and the column; [] when every row can be written."""
    found, errors, first_row = _found(rows), [], {}
    for row in rows:
        problems = list(_row_problems(row, scope, found))
        if row.post_key in first_row:
            problems.append(("area_code", f"与第{first_row[row.post_key]}行是同一岗位 / the same post as row "
                                          f"{first_row[row.post_key]}"))
        first_row.setdefault(row.post_key, row.number)
        errors.extend(f"第{row.number}行 {where.get(name, LABELS[name])}：{message}" for name, message in problems)
    return errors


def _holder_write(*, actor, scope: Scope, post: Post, row: HolderRow, found: _Found) -> str:
    """Appoint, update or replace the row's holder; which one it did."""
    current = post.tenures.filter(ended_on__isnull=True).first()
    if current is not None and current.name == row.name:
        new = (row.phone or current.phone, row.trained_on or current.trained_on,
               row.certificate_no or current.certificate_no, row.certificate_on or current.certificate_on)
        if new == (current.phone, current.trained_on, current.certificate_no, current.certificate_on):
            return "unchanged"
        holder_update(actor=actor, scope=scope, tenure=current, phone=new[0], trained_on=new[1],
                      certificate_no=new[2], certificate_on=new[3])
        return "updated"
    if current is not None:
        holder_end(actor=actor, scope=scope, tenure=current, ended_on=row.started_on - datetime.timedelta(days=1),
                   reason=REPLACED_REASON)
    user = found.users.get(row.username)
    holder_appoint(actor=actor, scope=scope, post=post, data=TenureIn(
        name=row.name, phone=row.phone, user_id=user.pk if user else None, background=row.background,
        started_on=row.started_on, trained_on=row.trained_on, certificate_no=row.certificate_no,
        certificate_on=row.certificate_on))
    return "replaced" if current is not None else "appointed"


@transaction.atomic
def workforce_import(*, actor, scope: Scope, rows: list[HolderRow], where: dict[str, str],
                     on: datetime.date | None = None) -> ImportResult:
    """Write a read roster: a post is the same when kind, area and title match (else it is set up);
    a named holder is appointed, updated (same name: phone, training, certificate) or replaces the
    current one, who leaves the day before. All rows or none: any bad row raises a ValidationError
    naming its row and column, and nothing is written."""
    require_capability(actor, Capability.FACILITIES_EDIT)
    errors = workforce_rows_check(scope=scope, rows=rows, where=where)
    if errors:
        raise ValidationError(errors)
    found, counts = _found(rows), Counter()
    for row in rows:
        try:
            post = found.posts.get(row.post_key)
            if post is None:
                post = post_create(actor=actor, scope=scope, data=PostIn(
                    kind=row.kind, area_code=row.area_code, title=row.title,
                    established_on=row.established_on or row.started_on or on or timezone.localdate()))
                found.posts[row.post_key] = post
                counts["posts_created"] += 1
            if row.name:
                counts[_holder_write(actor=actor, scope=scope, post=post, row=row, found=found)] += 1
        except (ValidationError, Conflict) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            raise ValidationError([f"第{row.number}行：{m}" for m in messages]) from None
    result = ImportResult(**counts)
    events.workforce_imported_event(actor=actor, area_code=scope.prefix, counts=vars(result))
    return result
