"""The demo's staff: one login per role, bound to the areas the two bureau replies talk about."""

from dataclasses import dataclass

from django.db import transaction

from guanai.accounts.models import User
from guanai.accounts.roles import Role
from guanai.accounts.services import user_create

# Demo only: printed on the console by `guanai demo`; a bureau creates its own users in the admin.
DEMO_PASSWORD = "Guanai@2026"  # noqa: S105


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    role: str
    area_code: str | None
    area_label: str


DEMO_LOGINS = [
    DemoLogin("xinminjie", "王丽", Role.CHILD_DIRECTOR, "610330100007", "凤县双石铺镇新民街社区"),
    DemoLogin("longkou", "李强", Role.CHILD_DIRECTOR, "610330101003", "凤县凤州镇龙口社区"),
    DemoLogin("shuangshipu", "张敏", Role.CHILD_SUPERVISOR, "610330100", "凤县双石铺镇"),
    DemoLogin("fengxian", "赵红", Role.COUNTY_OFFICER, "610330", "凤县民政局"),
    DemoLogin("honghe", "杨帆", Role.PREFECTURE_ANALYST, "5325", "红河州民政局"),
    DemoLogin("shegong", "陈静", Role.SOCIAL_WORKER, "610330", "凤县福泽养老助残服务中心"),
    DemoLogin("admin", "系统管理员", Role.ADMINISTRATOR, None, "全部 / everything"),
    DemoLogin("auditor", "审计员", Role.AUDITOR, None, "全部 / everything"),
]


@transaction.atomic
def demo_staff_ensure() -> list[DemoLogin]:
    """Create the demo logins that do not exist yet; never touch a password someone changed."""
    existing = set(User.objects.filter(username__in=[d.username for d in DEMO_LOGINS])
                   .values_list("username", flat=True))
    for login in DEMO_LOGINS:
        if login.username not in existing:
            user_create(username=login.username, password=DEMO_PASSWORD, role=login.role,
                        area_code=login.area_code, full_name=login.full_name)
    User.objects.filter(username="admin").update(is_staff=True, is_superuser=True)
    return DEMO_LOGINS
