"""Loading the demo's facilities, workforce and projects, so that the seeds' figures come out of
queries over record-level rows (FIGURES.md, "Facilities, workforce and funds"; `guanai demo_check`).

凤县 (凤民政函〔2023〕27号): 72 农村幸福院 rated in 2022 under the county's scheme (8 three-star, 16
two-star, 48 one-star), paid CNY 688,000 operating subsidy and CNY 40,000 performance award by rosters
computed, approved, locked and paid through the services; 12 儿童之家 covering all 9 towns, 6 of them
from a CNY 300,000 project; a 未成年人保护工作站 in each town and the county's 未成年人保护中心 (July
2023, a summer class of 15 children); 龙口社区日间照料中心 run by 凤县福泽养老助残服务中心; 新民街社区's
elderly canteen (June 2023); a child supervisor in each of the 9 towns and a director in each of the
66 villages and 4 communities, linked to the demo network's logins.
红河州 2021 (the 2021 reply): 582 care institutions (25 urban public, 76 敬老院, 27 private, 454 home-care
centres/stations) with 18,600 beds, 911 elderly activity rooms, 1,360 儿童之家 (every village and
community that existed in 2021) from projects of CNY 11.08 million.

The star split, rates and bed spread are the demo's documented assumptions; the totals are the seeds'.
Rows are bulk-created (thousands of facilities); the 凤县 ratings and rosters go through the services.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable

from django.db import transaction

from guanai.accounts.models import User
from guanai.accounts.roles import Role
from guanai.accounts.scoping import scope_for
from guanai.areas.models import Area, Kind, Level
from guanai.audit.models import Event
from guanai.audit.services import event_record
from guanai.demo.figures import FENGXIAN, HONGHE
from guanai.demo.plan import apportion
from guanai.facilities import services as facility_services
from guanai.facilities.models import (
    ActivityLog,
    Capacity,
    Facility,
    RatingBand,
    RatingScheme,
    ScoreItem,
    StatusChange,
    SubsidyRate,
)
from guanai.funds.models import Project, ProjectStatus
from guanai.workforce.models import Background, Post, PostKind, Tenure

DEMO_FACILITIES_LOADED = "demo_facilities_loaded"
D = datetime.date
YEAR = 2022
LONGKOU, XINMINJIE = "610330101003", "610330100007"
PROVIDER = "凤县福泽养老助残服务中心"

# 凤县's rating scheme (demo assumption in the shape of RULES.md's example: three star levels, the top
# one earning the award): items and the points where each star level starts.
SCORE_ITEMS = (("场地设施", 30), ("服务开展", 40), ("管理制度", 20), ("群众满意度", 10))
FENGXIAN_BANDS = ((60, 1), (75, 2), (90, 3))
# Stars -> (homes, yuan a year operating subsidy, yuan performance award): 8x12,000 + 16x10,000 +
# 48x9,000 = 688,000; 8x5,000 = 40,000 (the seed's totals).
STAR_PLAN = {3: (8, 12_000, 5_000), 2: (16, 10_000, None), 1: (48, 9_000, None)}
# 红河州 2021: care institutions by kind and the beds each kind holds in total (18,600 together).
HONGHE_INSTITUTIONS = {"urban_public_care_home": (25, 3_000), "care_home": (76, 8_360),
                       "private_care_home": (27, 4_050), "home_care_station": (454, 3_190)}
HONGHE_ACTIVITY_ROOMS = 911
HONGHE_CHILDREN_HOMES = 1_360
HONGHE_CHILDREN_HOMES_FEN = 1_108_000_000  # CNY 11.08 million
FENGXIAN_NEW_CHILDREN_HOMES = (6, 30_000_000)  # 6 homes, CNY 300,000


def demo_facilities_load(*, say: Callable[[str], None] = lambda text: None) -> bool:
    if Event.objects.filter(verb=DEMO_FACILITIES_LOADED, object_type="demo").exists():
        say("演示设施数据已存在，跳过 / demo facilities already loaded, skipped")
        return False
    county = User.objects.filter(username="fengxian").first()
    if county is None:
        say("没有凤县民政局演示账号，跳过设施演示 / no county demo login, facilities demo skipped")
        return False
    rng = random.Random(20221231)  # noqa: S311 - demo data, not secrets
    with transaction.atomic():
        _formula_ensure()
        homes = _fengxian_facilities(county, rng)
        _honghe_facilities(rng)
        _workforce()
    say("  设施、工作队伍和项目已写入 / facilities, workforce and projects written; 正在评定星级并核算补助 ...")
    with transaction.atomic():
        _ratings(county, homes, rng)
        for payout_kind in ("operating_subsidy", "performance_award"):
            roster = facility_services.subsidy_roster_compute(
                actor=county, scope=scope_for(county), payout_kind=payout_kind, kind="happiness_home",
                area_code=FENGXIAN, year=YEAR)
            facility_services.subsidy_roster_approve(actor=county, scope=scope_for(county), roster=roster)
            facility_services.subsidy_roster_lock(actor=county, scope=scope_for(county), roster=roster)
            facility_services.subsidy_roster_mark_paid(actor=county, scope=scope_for(county), roster=roster,
                                                       paid_on=D(YEAR, 12, 20))
            say(f"  {YEAR}年{roster.get_payout_kind_display()}：{roster.line_count}所，{roster.total_fen // 100:,}元")
        event_record(actor=None, verb=DEMO_FACILITIES_LOADED, object_type="demo", data={"year": YEAR})
    return True


def _formula_ensure() -> None:
    scheme = RatingScheme.objects.create(kind_id="happiness_home", area_id=FENGXIAN,
                                         name="凤县农村幸福院星级评定办法（演示）",
                                         valid_years=3, effective_from=D(2019, 1, 1),
                                         source="演示：《凤县农村幸福院运行管理办法》星级评定（评分项目与分档为演示假设）")
    ScoreItem.objects.bulk_create([ScoreItem(scheme=scheme, name=n, max_points=p, order=i)
                                   for i, (n, p) in enumerate(SCORE_ITEMS)])
    RatingBand.objects.bulk_create([RatingBand(scheme=scheme, min_points=m, stars=s) for m, s in FENGXIAN_BANDS])
    rates = []
    for stars, (_n, operating, award) in STAR_PLAN.items():
        rates.append(SubsidyRate(payout_kind="operating_subsidy", kind_id="happiness_home", area_id=FENGXIAN,
                                 stars=stars, annual_fen=operating * 100, effective_from=D(2020, 1, 1),
                                 source="演示：按星级和实际运行月份拨付运行补助（凤民政函〔2023〕27号）"))
        if award:
            rates.append(SubsidyRate(payout_kind="performance_award", kind_id="happiness_home", area_id=FENGXIAN,
                                     stars=stars, annual_fen=award * 100, effective_from=D(2020, 1, 1),
                                     source="演示：三星级农村幸福院以奖代补"))
    SubsidyRate.objects.bulk_create(rates)


def _areas(prefix: str, level: str, kinds: tuple[str, ...]) -> list[Area]:
    return list(Area.objects.filter(code__startswith=prefix, level=level, kind__in=kinds,
                                    ended_on__isnull=True).order_by("code"))


def _short(area: Area) -> str:
    return area.name.removesuffix("村民委员会").removesuffix("居民委员会").removesuffix("委员会")


def _facility(kind: str, area: Area, name: str, opened: datetime.date, **extra) -> Facility:
    return Facility(kind_id=kind, area=area, name=name, status="open", opened_on=opened, **extra)


def _write(facilities: list[Facility], capacities: dict[int, dict] | None = None) -> list[Facility]:
    """Bulk-create facilities with their opening StatusChange and (by list index) capacity rows."""
    Facility.objects.bulk_create(facilities, batch_size=1000)
    StatusChange.objects.bulk_create([StatusChange(facility=f, area_id=f.area_id, status="open", on=f.opened_on)
                                      for f in facilities], batch_size=2000)
    if capacities:
        Capacity.objects.bulk_create([Capacity(facility=facilities[i], area_id=facilities[i].area_id,
                                               effective_from=facilities[i].opened_on, **figures)
                                      for i, figures in capacities.items()], batch_size=2000)
    return facilities


def _fengxian_facilities(county: User, rng: random.Random) -> list[Facility]:
    villages = _areas(FENGXIAN, Level.VILLAGE, (Kind.VILLAGE_COMMITTEE,))
    towns = _areas(FENGXIAN, Level.TOWNSHIP, (Kind.TOWN,))
    # 72 happiness homes over the 66 villages: six larger villages have a second one.
    sites = villages + rng.sample(villages, 72 - len(villages))
    seen: dict[str, int] = {}
    homes = []
    for v in sites:
        seen[v.code] = seen.get(v.code, 0) + 1
        suffix = "" if seen[v.code] == 1 else "第二"
        homes.append(_facility("happiness_home", v, f"{_short(v)}{suffix}农村幸福院", D(rng.randint(2014, 2020), 3, 1),
                               operator_name=f"{_short(v)}村民委员会", bank_name="陕西凤县农村商业银行",
                               bank_account_name=f"{_short(v)}村民委员会",
                               bank_account=f"2707{rng.randrange(10**14, 10**15)}"))
    _write(homes, {i: {"rooms": rng.randint(3, 6), "beds": rng.randint(4, 10), "seats": rng.randint(10, 30)}
                   for i in range(len(homes))})
    # 12 children's homes: one in a village of every town, three more; the six newest from the project.
    by_town = {t.code: [v for v in villages if v.parent_id == t.code] for t in towns}
    first = [rng.choice(by_town[t.code]) for t in towns if by_town[t.code]]
    extra = rng.sample([v for v in villages if v not in first], 12 - len(first))
    children_sites = first + extra
    children = _write([_facility("children_home", v, f"{_short(v)}儿童之家",
                                 D(2021, 10, 15) if i >= 6 else D(2019, 6, 1))
                       for i, v in enumerate(children_sites)])
    project = Project.objects.create(area_id=FENGXIAN, name="新建儿童之家6所", year=2021,
                                     facility_kind_id="children_home", planned_units=FENGXIAN_NEW_CHILDREN_HOMES[0],
                                     budget_fen=FENGXIAN_NEW_CHILDREN_HOMES[1],
                                     spent_fen=FENGXIAN_NEW_CHILDREN_HOMES[1], source="mixed",
                                     status=ProjectStatus.COMPLETED, progress_percent=100, started_on=D(2021, 3, 1),
                                     completed_on=D(2021, 10, 15))
    project.facilities.add(*children[6:])
    stations = _write([_facility("minor_protection_station", t, f"{t.name}未成年人保护工作站", D(2021, 6, 1))
                       for t in towns])
    fengxian = Area.objects.get(code=FENGXIAN)
    centre, daycare, canteen = _write([
        _facility("minor_protection_centre", fengxian, "凤县未成年人保护中心", D(2023, 7, 1), address="凤县双石铺镇"),
        _facility("day_care_centre", Area.objects.get(code=LONGKOU), "龙口社区日间照料中心", D(2021, 9, 1),
                  operator="contracted", operator_name=PROVIDER),
        _facility("elder_canteen", Area.objects.get(code=XINMINJIE), "新民街社区老年人食堂", D(2023, 6, 1),
                  operator_name="新民街社区老年人日间照料中心"),
    ], {1: {"beds": 12, "rooms": 5}, 2: {"seats": 40}})
    ActivityLog.objects.bulk_create([
        ActivityLog(facility=centre, area_id=FENGXIAN, kind="child_class", on=D(2023, 7, 20), days=20,
                    participants=15, title="爱心暑托班（青年志愿者服务）", recorded_by=county),
        *[ActivityLog(facility=daycare, area_id=LONGKOU, kind="day_care", on=D(2023, m, 28), days=20,
                      participants=rng.randint(180, 260), title="日间照料、临休、精神慰藉", recorded_by=county)
          for m in range(1, 13)],
        *[ActivityLog(facility=canteen, area_id=XINMINJIE, kind="meals", on=D(2023, m, 28), days=26,
                      participants=rng.randint(900, 1300), title="老年人助餐", recorded_by=county)
          for m in range(6, 13)],
    ])
    del stations
    return homes


def _honghe_facilities(rng: random.Random) -> None:
    townships = _areas(HONGHE, Level.TOWNSHIP, (Kind.TOWN, Kind.RURAL_TOWNSHIP, Kind.SUBDISTRICT))
    counties = list(Area.objects.filter(code__startswith=HONGHE, level=Level.COUNTY).order_by("code"))
    villages = _areas(HONGHE, Level.VILLAGE, (Kind.VILLAGE_COMMITTEE, Kind.RESIDENTS_COMMITTEE))
    facilities, capacities = [], {}
    for kind, (count, beds) in HONGHE_INSTITUTIONS.items():
        places = counties if kind in ("urban_public_care_home", "private_care_home") else townships
        bed_split = apportion(beds, {str(i): 1.0 for i in range(count)})
        label = {"urban_public_care_home": "社会福利院", "care_home": "敬老院", "private_care_home": "颐养院",
                 "home_care_station": "居家养老服务站"}[kind]
        for i in range(count):
            area = places[i % len(places)]
            nursing = bed_split[str(i)] // 3 if kind != "home_care_station" else 0
            capacities[len(facilities)] = {"beds": bed_split[str(i)], "nursing_beds": nursing}
            number = "" if i < len(places) else str(i // len(places) + 1)
            facilities.append(_facility(kind, area, f"{area.name}{label}{number}",
                                        D(rng.randint(2005, 2020), rng.randint(1, 12), 1),
                                        operator="private" if kind == "private_care_home" else "public"))
    rooms = rng.sample([v for v in villages if v.kind == Kind.VILLAGE_COMMITTEE], HONGHE_ACTIVITY_ROOMS)
    for v in rooms:
        capacities[len(facilities)] = {"rooms": 1}
        facilities.append(_facility("elder_activity_room", v, f"{_short(v)}老年活动室",
                                    D(rng.randint(2012, 2020), 5, 1)))
    # 1,360 children's homes: every village and community that existed in 2021. The 2023 division
    # edition holds one more, 学苑社区, first listed in 2022 (Area.started_on, areas/data/started.csv).
    sites = [v for v in villages if v.in_force_on(D(2021, 12, 31))]
    if len(sites) != HONGHE_CHILDREN_HOMES:
        raise ValueError(f"红河州 had {len(sites)} villages and communities in 2021, the reply's homes are "
                         f"{HONGHE_CHILDREN_HOMES}: is the division tree the packaged one?")
    start = len(facilities)
    facilities += [_facility("children_home", v, f"{_short(v)}儿童之家", D(rng.randint(2016, 2021), 6, 1))
                   for v in sites]
    _write(facilities, capacities)
    homes = facilities[start:]
    in_county = {c.code: [h for h in homes if h.area_id.startswith(c.code)] for c in counties}
    per_county = apportion(HONGHE_CHILDREN_HOMES_FEN, {code: float(len(hs)) for code, hs in in_county.items()})
    for c in counties:
        project = Project.objects.create(area=c, name=f"{c.name}儿童之家建设", year=2021,
                                         facility_kind_id="children_home", planned_units=len(in_county[c.code]),
                                         budget_fen=per_county[c.code], spent_fen=per_county[c.code], source="mixed",
                                         status=ProjectStatus.COMPLETED, progress_percent=100,
                                         completed_on=D(2021, 12, 31))
        project.facilities.add(*in_county[c.code])


def _workforce() -> None:
    """A supervisor post per town and a director post per village and community of 凤县 and 红河州,
    each held by the demo's login for the area (the network member, or a named demo login), appointed in 2021."""
    # The network's member for the area, or the demo login that stands in for it (新民街, 龙口, 双石铺镇).
    users = {u.area_id: u for u in User.objects.filter(role__in=[Role.CHILD_DIRECTOR, Role.CHILD_SUPERVISOR],
                                                       is_active=True).order_by("-username")}
    posts, tenures = [], []
    for prefix in (FENGXIAN, HONGHE):
        for level, kinds, kind in (
                (Level.TOWNSHIP, (Kind.TOWN, Kind.RURAL_TOWNSHIP, Kind.SUBDISTRICT), PostKind.CHILD_SUPERVISOR),
                (Level.VILLAGE, (Kind.VILLAGE_COMMITTEE, Kind.RESIDENTS_COMMITTEE), PostKind.CHILD_DIRECTOR)):
            for area in _areas(prefix, level, kinds):  # an area created later has its post from then on
                posts.append(Post(kind=kind, area=area, established_on=max(D(2019, 10, 1),
                                                                            area.started_on or D(2019, 10, 1))))
    Post.objects.bulk_create(posts, batch_size=1000)
    for post in posts:
        user = users.get(post.area_id)
        if user is None:
            continue
        tenures.append(Tenure(post=post, area_id=post.area_id, name=user.display_name, user=user,
                              background=Background.CIVIL_AFFAIRS if post.kind == PostKind.CHILD_SUPERVISOR
                              else Background.COMMITTEE_MEMBER,
                              phone=f"139{int(post.area_id[-8:]) % 10**8:08d}",
                              started_on=max(D(2021, 3, 1), post.established_on),
                              trained_on=D(2022, 5, 10)))
    Tenure.objects.bulk_create(tenures, batch_size=1000)


def _ratings(county: User, homes: list[Facility], rng: random.Random) -> None:
    """Rate each home for 2022 through the service: points inside its planned star band."""
    scheme = RatingScheme.objects.get(kind_id="happiness_home", area_id=FENGXIAN)
    items = list(scheme.items.order_by("order"))
    bands = {s: m for m, s in FENGXIAN_BANDS}
    plan = [stars for stars, (n, _o, _a) in STAR_PLAN.items() for _ in range(n)]
    rng.shuffle(plan)
    for home, stars in zip(homes, plan, strict=True):
        low = bands[stars]
        high = bands.get(stars + 1, 101) - 1
        total = rng.randint(low, min(high, sum(i.max_points for i in items)))
        facility_services.rating_record(actor=county, scope=scope_for(county), facility=home, year=YEAR,
                                        rated_on=D(YEAR, 11, 15), scores=_split_points(total, items, rng),
                                        raters="县民政局、镇政府联合评定组")


def _split_points(total: int, items: list[ScoreItem], rng: random.Random) -> dict[int, int]:
    """Points per item adding up to `total`, none above its maximum."""
    scores = {i.pk: i.max_points for i in items}
    excess = sum(scores.values()) - total
    while excess > 0:
        item = rng.choice([i for i in items if scores[i.pk] > 0])
        scores[item.pk] -= 1
        excess -= 1
    return scores
