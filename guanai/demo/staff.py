"""The demo's staff: one login per role for people to try, and the county-township-village network
of child supervisors and child directors the seeds describe (凤县: a supervisor in each of the 9 towns,
a director in each of the 66 villages and 4 communities; 红河州: likewise in every township and village).
"""

import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from guanai.accounts.models import User
from guanai.accounts.roles import Role
from guanai.accounts.services import user_create
from guanai.areas.models import Area, Kind, Level
from guanai.audit.services import event_record
from guanai.demo.names import NameMaker

# Demo only: printed on the console by `guanai demo`; a bureau creates its own users in the admin.
DEMO_PASSWORD = "Guanai@2026"  # noqa: S105
DEMO_AREAS = ("610330", "5325")
NETWORK_PREFIX = "net"  # usernames of the generated network: net<area code>


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

# Which areas get a network member, and in which role (民发〔2019〕34号: a director per village, a
# supervisor per township; forestry units and virtual living areas have neither).
NETWORK_KINDS = {
    Kind.VILLAGE_COMMITTEE: Role.CHILD_DIRECTOR,
    Kind.RESIDENTS_COMMITTEE: Role.CHILD_DIRECTOR,
    Kind.TOWN: Role.CHILD_SUPERVISOR,
    Kind.RURAL_TOWNSHIP: Role.CHILD_SUPERVISOR,
    Kind.SUBDISTRICT: Role.CHILD_SUPERVISOR,
}


@transaction.atomic
def demo_staff_ensure() -> list[DemoLogin]:
    """Create the demo logins and the staff network that do not exist yet; never touch a password
    someone changed."""
    existing = set(User.objects.filter(username__in=[d.username for d in DEMO_LOGINS])
                   .values_list("username", flat=True))
    for login in DEMO_LOGINS:
        if login.username not in existing:
            user_create(username=login.username, password=DEMO_PASSWORD, role=login.role,
                        area_code=login.area_code, full_name=login.full_name)
    User.objects.filter(username="admin").update(is_staff=True, is_superuser=True)
    demo_network_ensure()
    return DEMO_LOGINS


def demo_network_ensure() -> int:
    """One network member for every township and village of the demo areas that has none yet.

    Thousands of users: the password is hashed once and shared, and rows are bulk-created."""
    covered = set(User.objects.filter(role__in=[Role.CHILD_DIRECTOR, Role.CHILD_SUPERVISOR], is_active=True)
                  .values_list("area_id", flat=True))
    areas = [a for prefix in DEMO_AREAS
             for a in Area.objects.filter(code__startswith=prefix, level__in=[Level.TOWNSHIP, Level.VILLAGE],
                                          kind__in=list(NETWORK_KINDS), ended_on__isnull=True)
             if a.code not in covered]
    if not areas:
        return 0
    rng = random.Random(20261123)  # noqa: S311 - demo names, not secrets
    names = NameMaker(rng)
    password = make_password(DEMO_PASSWORD)
    users = [User(username=f"{NETWORK_PREFIX}{a.code}", role=NETWORK_KINDS[a.kind], area_id=a.code, password=password,
                  full_name=names.full(rng.choice(["male", "female"]), rng.randint(1970, 1995))) for a in areas]
    User.objects.bulk_create(users, batch_size=1000, ignore_conflicts=True)
    event_record(actor=None, verb="demo_staff_network_created", object_type="user",
                 data={"count": len(users), "areas": list(DEMO_AREAS)})
    return len(users)


def demo_county_officers_ensure(prefix: str) -> dict[str, User]:
    """A county civil-affairs officer (county_officer) for each current county under `prefix` that has
    none: the counties approve, pay and lock the longevity allowance of their people (红河州's 2020
    rosters, demo/longevity.py). Usernames net<county code>, the demo password. {county code: user}."""
    counties = list(Area.objects.filter(code__startswith=prefix, level=Level.COUNTY, ended_on__isnull=True)
                    .order_by("code"))
    found = {u.area_id: u for u in User.objects.filter(role=Role.COUNTY_OFFICER, is_active=True,
                                                       area_id__in=[c.code for c in counties]).order_by("-pk")}
    missing = [c for c in counties if c.code not in found]
    if missing:
        rng = random.Random(f"guanai-demo-county-officers-{prefix}")  # noqa: S311 - demo names, not secrets
        names, password = NameMaker(rng, region="honghe"), make_password(DEMO_PASSWORD)
        User.objects.bulk_create([User(username=f"{NETWORK_PREFIX}{c.code}", role=Role.COUNTY_OFFICER,
                                       area_id=c.code, password=password,
                                       full_name=names.full(rng.choice(["male", "female"]), rng.randint(1970, 1992)))
                                  for c in missing], ignore_conflicts=True)
        event_record(actor=None, verb="demo_county_officers_created", object_type="user",
                     data={"count": len(missing), "area": prefix})
        found.update({u.area_id: u for u in User.objects.filter(username__in=[f"{NETWORK_PREFIX}{c.code}"
                                                                               for c in missing])})
    return found
