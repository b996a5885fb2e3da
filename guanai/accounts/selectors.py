from django.db.models import QuerySet
from django.utils import timezone

from guanai.accounts.models import ApiToken, User
from guanai.accounts.scoping import Scope, scoped


def user_list(*, scope: Scope) -> QuerySet[User]:
    return scoped(User.objects.select_related("area"), scope=scope).order_by("area_id", "username")


def user_for_api_key(*, key: str) -> User | None:
    token = (ApiToken.objects.select_related("user", "user__area")
             .filter(digest=ApiToken.digest_of(key), revoked_at__isnull=True, user__is_active=True).first())
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
