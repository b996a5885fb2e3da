"""The demo's year of visits in 凤县 and 红河州: a child director in every village with followed people,
visits by each person's risk level over the last 365 days with realistic gaps (some workers patchy,
some who stopped months ago, so some people are overdue), a few needs and referrals, a service
provider with a contract in 双石铺镇, and monitored devices with open alerts.

Bulk on purpose (the whole `make demo` must stay within 3 minutes): visits go in through
bulkload.rows_insert; follow-ups are then built by followups_sync, the service's own path, which
reads each person's last visits. Everything is seeded, so two loads give the same data.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from guanai.accounts.models import User
from guanai.accounts.roles import Role
from guanai.accounts.scoping import scope_for
from guanai.areas.models import Area
from guanai.audit.models import Event
from guanai.audit.services import event_record
from guanai.demo import bulkload
from guanai.people.models import CategorySpell, Person
from guanai.visits.followups import followups_sync, reminders_compute
from guanai.visits.models import (
    Device,
    DeviceKind,
    FollowUp,
    MajorEvent,
    Method,
    Need,
    NeedKind,
    Referral,
    RiskLevel,
    ServiceContract,
    ServiceProvider,
    VisitRecord,
)
from guanai.visits.monitoring import device_signal_receive
from guanai.visits.rules import VisitRuleBook, target_group
from guanai.visits.schemas import DeviceSignalIn

DEMO_VISITS_LOADED = "demo_visits_loaded"
SEED = 20261123
DAYS = 365
LOCAL = ZoneInfo("Asia/Shanghai")
# Worker profiles: (share, chance of skipping a due contact, stopped visiting this many days ago).
STEADY, PATCHY, LAPSED = "steady", "patchy", "lapsed"
PROFILES = ((STEADY, 0.74), (PATCHY, 0.19), (LAPSED, 0.07))
PROVIDER_TOWNSHIP = "610330100"  # 双石铺镇: the supervisor persona's township
SOCIAL_WORKER = "shegong"
ELDER_NOTES = ["身体状况稳定，叮嘱按时服药、注意保暖", "老人独自在家，已检查煤气灶和电线",
               "子女本月打来电话，生活费已到账", "老人反映腿脚不便，提醒夜间起身开灯",
               "精神较好，和邻居一起参加幸福院活动", "高龄津贴已按月到账，讲解了医保报销政策"]
CHILD_NOTES = ["孩子在校表现正常，与外出父母每周视频", "委托照护人照料到位，作业按时完成",
               "了解孩子假期安排，提醒防溺水", "孩子情绪低落，已与班主任沟通",
               "讲解了事实无人抚养儿童保障政策", "与照护人核对生活补贴发放情况"]
NEED_TEXTS = {NeedKind.HEALTH: "需要协助预约县医院复查", NeedKind.DAILY_CARE: "希望安排助餐或上门照料",
              NeedKind.HOUSING: "房屋漏雨，需要修缮", NeedKind.MONEY: "补贴未按时到账，需核实",
              NeedKind.MENTAL: "情绪低落，需要心理疏导", NeedKind.EDUCATION: "需要学习辅导"}


@dataclass
class VisitsLoadResult:
    skipped: bool
    directors: int = 0
    visits: int = 0
    followed: int = 0
    overdue: int = 0
    needs: int = 0
    alerts: int = 0
    seconds: float = 0.0
    by_area: dict[str, int] = field(default_factory=dict)


def demo_visits_exist() -> bool:
    return Event.objects.filter(verb=DEMO_VISITS_LOADED, object_type="demo").exists()


def demo_visits_load(*, on: datetime.date, say: Callable[[str], None] = lambda text: None) -> VisitsLoadResult:
    """Write a year of visits up to `on` unless they are already loaded (then nothing is touched)."""
    if demo_visits_exist():
        say("演示探访记录已存在，跳过 / demo visits already loaded, skipped")
        return VisitsLoadResult(skipped=True)
    started = time.monotonic()
    with transaction.atomic():
        result = _load(on=on, say=say)
    result.seconds = time.monotonic() - started
    say(f"  探访演示数据完成 / visits demo done ({result.seconds:.1f}s)")
    return result


def _followed_people() -> list[tuple[int, str, str]]:
    return list(Person.objects.filter(risk_level__in=RiskLevel.values, died_on__isnull=True)
                .order_by("pk").values_list("pk", "area_id", "risk_level"))


def _groups(person_ids: list[int]) -> dict[int, str]:
    categories: dict[int, set[str]] = {}
    for person_id, category in CategorySpell.objects.filter(ended_on__isnull=True).values_list("person_id",
                                                                                                 "category"):
        categories.setdefault(person_id, set()).add(category)
    return {pk: target_group(categories.get(pk, set())) for pk in person_ids}


def village_directors_ensure(village_codes: set[str]) -> dict[str, int]:
    """A child director for each village that has none (RULES.md: one per village, 民发〔2019〕34号).
    Demo accounts only: no usable password; a bureau creates real ones in the admin."""
    have = set(User.objects.filter(role=Role.CHILD_DIRECTOR, area_id__in=village_codes).values_list("area_id",
                                                                                                     flat=True))
    names = dict(Area.objects.filter(code__in=village_codes - have).values_list("code", "short_name"))
    unusable = make_password(None)
    User.objects.bulk_create([User(username=f"cd{code}", full_name=f"{names[code][:8]}儿童主任", password=unusable,
                                   role=Role.CHILD_DIRECTOR, area_id=code) for code in sorted(names)], batch_size=1000)
    rows = User.objects.filter(role=Role.CHILD_DIRECTOR, area_id__in=village_codes, is_active=True)
    found: dict[str, int] = {}
    for area_id, pk in rows.order_by("area_id", "pk").values_list("area_id", "pk"):
        found.setdefault(area_id, pk)
    return found


def _provider_setup(on: datetime.date) -> tuple[ServiceContract, User] | None:
    worker = User.objects.filter(username=SOCIAL_WORKER, role=Role.SOCIAL_WORKER).first()
    if worker is None:
        return None
    provider = ServiceProvider.objects.create(name="凤县福泽养老助残服务中心", area_id="610330", contact_name="陈静",
                                              phone="0917-4712345")
    provider.workers.add(worker)
    contract = ServiceContract.objects.create(
        provider=provider, area_id=PROVIDER_TOWNSHIP, number="FX-GMFW-2026-003",
        title="双石铺镇特殊困难老年人探访关爱服务",
        starts_on=on.replace(month=1, day=1), ends_on=on.replace(month=12, day=31), amount_fen=18_000_000)
    return contract, worker


class _Visits:
    """Generates the visit rows of one person over the year, by the rule in force and a worker profile."""

    def __init__(self, *, on: datetime.date, rng: random.Random, book: VisitRuleBook):
        self.on, self.rng, self.book = on, rng, book
        self.start = on - datetime.timedelta(days=DAYS - 1)
        self.now = timezone.now()

    def _profile(self) -> tuple[float, datetime.date]:
        kind = self.rng.choices([p[0] for p in PROFILES], weights=[p[1] for p in PROFILES])[0]
        skip = {STEADY: 0.02, PATCHY: 0.3, LAPSED: 0.05}[kind]
        stop = self.on - datetime.timedelta(days=self.rng.randint(35, 150)) if kind == LAPSED else self.on
        return skip, stop

    def _method(self, day: datetime.date, last_home: datetime.date | None, home_every: int | None) -> str:
        if home_every and (last_home is None or (day - last_home).days >= home_every - 20):
            return Method.HOME
        return self.rng.choices([Method.PHONE, Method.VIDEO, Method.HOME], weights=[60, 12, 28])[0]

    def dates(self, *, area: str, risk: str) -> list[tuple[datetime.datetime, str]]:
        frequency = self.book.frequency(area_code=area, risk_level=risk)
        every, home_every = frequency.interval_days, frequency.home_interval_days
        skip, stop = self._profile()
        day = self.start + datetime.timedelta(days=self.rng.randint(0, every - 1))
        last_home, found = None, []
        while day <= stop:
            if self.rng.random() >= skip:
                at = datetime.datetime.combine(day, datetime.time(self.rng.randint(8, 17), self.rng.randint(0, 59)),
                                               tzinfo=LOCAL)
                if at > self.now:
                    break
                method = self._method(day, last_home, home_every)
                last_home = day if method == Method.HOME else last_home
                found.append((at, method))
            day += datetime.timedelta(days=every - self.rng.randint(0, max(1, every // 5)))
        return found


COLUMNS = ("id", "person", "area", "visitor", "contract", "method", "visited_at", "visited_on", "target_group",
           "risk_level", "health", "mental_state", "health_note", "gas_safety", "power_safety", "fire_safety",
           "fall_safety", "money_received", "supporters_care", "needs_summary", "notes", "event", "version",
           "previous", "is_current", "correction_reason")


POOL_BITS = 9  # 512 pre-drawn checklists per kind of visit: drawing each field per row is too slow


def _checklists(rng: random.Random, *, home: bool, group: str) -> list[tuple]:
    """Pre-drawn checklist answers: health, mental state, gas/power/fire/falls, money, supporters, notes."""
    pool = []
    for _ in range(1 << POOL_BITS):
        safety = ["ok" if home else "na"] * 4  # checked on a home visit only
        if home and rng.random() < 0.05:
            safety[rng.randrange(4)] = "hazard"
        pool.append((rng.choices(["good", "fair", "poor"], weights=[62, 32, 6])[0],
                     rng.choices(["good", "fair", "poor"], weights=[70, 26, 4])[0], "", *safety,
                     rng.choice(["yes", "yes", "yes", "na"]), rng.choice(["good", "good", "partial", "na"]), "",
                     rng.choice(CHILD_NOTES if group == "child" else ELDER_NOTES)))
    return pool


def _visit_rows(people, *, groups, workers, assigned, on, rng) -> tuple[list[tuple], dict[str, int]]:
    gen = _Visits(on=on, rng=rng, book=VisitRuleBook(on))
    pools = {(home, group): _checklists(rng, home=home, group=group)
             for home in (True, False) for group in ("elder", "child", "other")}
    rows, by_area, pk, bits = [], {}, bulkload.next_id(VisitRecord), rng.getrandbits
    for person, area, risk in people:
        visitor, contract = assigned.get(person, (workers.get(area), None))
        if visitor is None:
            continue
        group = groups[person]
        for at, method in gen.dates(area=area, risk=risk):
            checklist = pools[(method == Method.HOME, group)][bits(POOL_BITS)]
            rows.append((pk, person, area, visitor, contract, method, at, at.date(), group, risk, *checklist,
                         None, 1, None, True, ""))
            pk += 1
        by_area[area[:4]] = by_area.get(area[:4], 0) + 1
    return rows, by_area


def _needs(rows: list[tuple], *, on: datetime.date, rng: random.Random) -> int:
    """About one visit in 60 of the last quarter found a need; older ones were referred and closed."""
    recent = [r for r in rows if (on - r[7]).days <= 90]
    chosen = rng.sample(recent, k=min(len(recent) // 60, 1500))
    needs = []
    for r in chosen:
        kind = rng.choice(list(NEED_TEXTS))
        age = (on - r[7]).days
        status = "open" if age < 10 else rng.choice(["referred", "closed", "closed"])
        needs.append(Need(person_id=r[1], area_id=r[2], visit_id=r[0], kind=kind, description=NEED_TEXTS[kind],
                          urgent=rng.random() < 0.12, status=status, created_by_id=r[3],
                          closed_at=timezone.now() if status == "closed" else None,
                          close_reason="已协调解决" if status == "closed" else ""))
    Need.objects.bulk_create(needs, batch_size=1000)
    places = ["镇卫生院", "镇民政办", "村委会", "县残联"]
    referrals = [Referral(need=n, area_id=n.area_id, to_department=rng.choice(places),
                          deadline=on + datetime.timedelta(days=rng.randint(-5, 10)),
                          status="done" if n.status == "closed" else "sent",
                          result="已办结" if n.status == "closed" else "", created_by_id=n.created_by_id)
                 for n in needs if n.status != "open"]
    Referral.objects.bulk_create(referrals, batch_size=1000)
    return len(needs)


def _devices(*, rng: random.Random) -> int:
    """Water meters for 60 high-risk people in 凤县; a few quiet meters raise alerts."""
    officer = User.objects.filter(username="fengxian").first()
    high = FollowUp.objects.filter(area__pk__startswith="610330", risk_level=RiskLevel.HIGH, ended_on__isnull=True)
    elders = list(high.order_by("pk").values_list("person_id", "area_id")[:60])
    if officer is None or not elders:
        return 0
    Device.objects.bulk_create([Device(person_id=p, area_id=a, serial=f"FX-WM-{i:05d}", kind=DeviceKind.WATER_METER,
                                       bound_on=datetime.date(2026, 3, 1)) for i, (p, a) in enumerate(elders)])
    scope, alerts = scope_for(officer), 0
    for i in rng.sample(range(len(elders)), k=min(6, len(elders))):
        data = DeviceSignalIn(serial=f"FX-WM-{i:05d}", signal="water_usage", value=Decimal("0.003"), window_hours=12,
                              occurred_at=timezone.now() - datetime.timedelta(hours=rng.randint(1, 30)))
        alerts += device_signal_receive(actor=officer, scope=scope, data=data).alert_created
    return alerts


def _load(*, on: datetime.date, say: Callable[[str], None]) -> VisitsLoadResult:
    rng = random.Random(SEED)
    people = [p for p in _followed_people() if p[1].startswith(("610330", "5325"))]
    groups = _groups([p[0] for p in people])
    workers = village_directors_ensure({p[1] for p in people})
    say(f"  {len(people):,} 名关爱对象，{len(workers):,} 个村(社区)有儿童主任 / "
        "followed people, villages with a director")
    setup = _provider_setup(on)
    assigned = {}
    if setup:
        contract, worker = setup
        picks = [p for p in people if p[1].startswith(PROVIDER_TOWNSHIP) and p[1] != "610330100007"][:40]
        assigned = {p[0]: (worker.pk, contract.pk) for p in picks}
    rows, by_area = _visit_rows(people, groups=groups, workers=workers, assigned=assigned, on=on, rng=rng)
    bulkload.rows_insert(VisitRecord, COLUMNS, rows)
    bulkload.sequences_reset(VisitRecord)
    say(f"  已写入 {len(rows):,} 条探访记录 / visits written")
    followups_sync(on=on - datetime.timedelta(days=DAYS - 1))
    for person_id, (worker_id, contract_id) in assigned.items():
        FollowUp.objects.filter(person_id=person_id).update(worker_id=worker_id, contract_id=contract_id)
    needs = _needs(rows, on=on, rng=rng)
    alerts = _devices(rng=rng)
    declarer = User.objects.filter(role=Role.PREFECTURE_ANALYST, area_id="5325").first()
    if declarer is not None:  # a past event, for the events page (its visits are in the year above)
        MajorEvent.objects.create(area_id="532531", kind="disaster", title="绿春县强降雨山洪灾害（已结束）",
                                  starts_at=datetime.datetime(2026, 7, 14, 6, 0, tzinfo=LOCAL),
                                  ends_at=datetime.datetime(2026, 7, 17, 18, 0, tzinfo=LOCAL), declared_by=declarer)
    reminders_compute(on=on)
    overdue = FollowUp.objects.filter(ended_on__isnull=True, next_due_on__lt=on).count()
    result = VisitsLoadResult(skipped=False, directors=len(workers), visits=len(rows), followed=len(people),
                              overdue=overdue, needs=needs, alerts=alerts, by_area=by_area)
    event_record(actor=None, verb=DEMO_VISITS_LOADED, object_type="demo", data={
        "on": on.isoformat(), "visits": len(rows), "followed": len(people), "overdue": overdue})
    say(f"  关爱对象 {len(people):,} 人，逾期未访 {overdue:,} 人，需求 {needs} 项，预警 {alerts} 条 / "
        "followed, overdue, needs, alerts")
    return result
