"""Writes to users and tokens."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from guanai.accounts.models import ApiToken, User
from guanai.audit.services import event_record


@transaction.atomic
def user_create(*, username: str, password: str, role: str, area_code: str | None, full_name: str = "",
                phone: str = "", actor: User | None = None, validate_password: bool = True) -> User:
    from django.contrib.auth.password_validation import validate_password as check

    user = User(username=username, role=role, area_id=area_code, full_name=full_name, phone=phone,
                is_staff=role == "administrator")
    user.full_clean(exclude=["password"])
    if validate_password:
        check(password, user)
    user.set_password(password)
    user.save()
    event_record(actor=actor, verb="user_created", object_type="user", object_id=str(user.pk),
                 area_code=area_code or "", data={"username": username, "role": role})
    return user


@transaction.atomic
def api_token_create(*, user: User, name: str, area_code: str | None = None, resources: list[str] | None = None,
                     can_write: bool = False, rate_per_minute: int = 60) -> tuple[ApiToken, str]:
    """Returns the token row and the key, which is shown once and never stored. A partner system's
    token narrows the user's scope to `area_code` and its calls to `resources` (read-only unless
    `can_write`), at most `rate_per_minute` calls a minute."""
    from guanai.accounts.partners import API_RESOURCES
    from guanai.accounts.scoping import scope_for

    if area_code and not scope_for(user).contains(area_code):
        raise ValidationError({"area": "令牌区划须在用户的区划之内 / the area must lie inside the user's"})
    unknown = sorted(set(resources or []) - set(API_RESOURCES))
    if unknown:
        raise ValidationError({"resources": f"未知的接口 {unknown}，可选 {list(API_RESOURCES)} / unknown resources"})
    if rate_per_minute < 1:
        raise ValidationError({"rate_per_minute": "每分钟至少 1 次 / at least 1 a minute"})
    key = "ga_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, digest=ApiToken.digest_of(key), prefix=key[:8],
                                    area_id=area_code or None, resources=sorted(resources or []),
                                    can_write=can_write, rate_per_minute=rate_per_minute)
    event_record(actor=user, verb="api_token_created", object_type="api_token", object_id=str(token.pk),
                 area_code=user.area_id or "", data={"name": name, "area": area_code or "",
                                                     "resources": token.resources, "can_write": can_write,
                                                     "rate_per_minute": rate_per_minute})
    return token, key


def api_token_touch(*, token: ApiToken) -> None:
    """Note the token's use (the administrator's list shows it); one UPDATE, no event: the call itself
    is in the access log."""
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())


@transaction.atomic
def api_tokens_revoke(*, tokens, actor: User | None) -> int:
    """Revoke the given tokens (a queryset); revoked tokens stop authenticating at once."""
    ids = list(tokens.filter(revoked_at__isnull=True).values_list("pk", flat=True))
    ApiToken.objects.filter(pk__in=ids).update(revoked_at=timezone.now())
    for pk in ids:
        event_record(actor=actor, verb="api_token_revoked", object_type="api_token", object_id=str(pk))
    return len(ids)


def user_changed_in_admin(*, actor: User, user: User, changed: list[str], created: bool) -> None:
    """The admin saves the user itself (Django's forms); this records it in the same transaction."""
    fields = sorted(set(changed) - {"password", "password1", "password2"})
    event_record(actor=actor, verb="user_created" if created else "user_changed", object_type="user",
                 object_id=str(user.pk), area_code=user.area_id or "",
                 data={"username": user.username, "role": user.role, "fields": fields})
