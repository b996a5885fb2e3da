from django.conf import settings

from guanai.web.shell import current_scope


def shell(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"product_name": settings.GUANAI_SITE_NAME}
    return {"product_name": settings.GUANAI_SITE_NAME, "scope": current_scope(request)}
