"""Every write of workforce: set up posts, appoint holders, record training and certificates, and end
a tenure. Keyword-only, capability and scope checked, one transaction with its event (events.py)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from guanai.accounts.models import User
from guanai.accounts.roles import Capability, require_capability
from guanai.accounts.scoping import Scope, require_in_scope
from guanai.areas.models import Area
from guanai.core.errors import Conflict
from guanai.workforce import events
from guanai.workforce.models import POST_LEVEL, Post, PostKind, Tenure
from guanai.workforce.schemas import PostIn, TenureIn

LEVEL_NAMES = {"township": "乡镇(街道)", "village": "村(社区)"}


class PostOccupied(Conflict):
    """A post already has a holder: end that tenure first."""


@transaction.atomic
def post_create(*, actor, scope: Scope, data: PostIn) -> Post:
    require_capability(actor, Capability.FACILITIES_EDIT)
    require_in_scope(scope=scope, area_code=data.area_code)
    area = Area.objects.filter(code=data.area_code).first()
    if area is None:
        raise ValidationError({"area_code": "区划代码不存在 / no such area"})
    if data.kind not in PostKind.values:
        raise ValidationError({"kind": "未知的岗位 / unknown post kind"})
    level = POST_LEVEL.get(data.kind)
    if level and area.level != level:
        raise ValidationError({"area_code": f"该岗位应设在{LEVEL_NAMES[level]}一级 / "
                                            f"this post belongs at {level} level"})
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
