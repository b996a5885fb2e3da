"""The demo's child-protection cases in 凤县 and two counties of 红河州: cases in every stage (reported,
emergency response, assessment, plan awaiting approval, intervention temporary and long-term, review
with a closure awaiting approval, closed, reopened), some with missed deadlines escalated one level up,
a joint meeting, and a break-the-glass read shown to the county.

Every case goes through the services (report_file and the stage steps), so deadlines, notifications,
stage history and the audit trail are what the pages produce. Children are picked from the demo
people with the people selectors; staff are the demo logins plus a child director per village and, in
红河州, a supervisor and a county case manager made here. Loading twice changes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from guanai.accounts.models import User
from guanai.accounts.roles import Role
from guanai.accounts.scoping import Scope, scope_for
from guanai.areas.models import Area, Level
from guanai.audit.models import Event
from guanai.audit.services import event_record
from guanai.cases import stages
from guanai.cases.deadlines import deadlines_escalate
from guanai.cases.models import Case
from guanai.cases.schemas import (
    AssessmentIn,
    ClosureIn,
    DecisionIn,
    EmergencyIn,
    InterventionIn,
    MeetingIn,
    PlanIn,
    ReopenIn,
    ReportIn,
    ReviewIn,
)
from guanai.cases.services import case_break_glass, meeting_record, report_file
from guanai.people.schemas import PersonFilter, PersonIn
from guanai.people.selectors import person_list

DEMO_CASES_LOADED = "demo_cases_loaded"
FENGXIAN, XINMINJIE, SHUANGSHIPU = "610330", "610330100007", "610330100"
HONGHE = "5325"
HONGHE_COUNTIES = 2
CHILD_MAX_AGE = 16
CANDIDATES = 3000
XINMINJIE_CASES = 2
TOWNSHIP_CASES = 4
NEW_CHILDREN = [("刘小雨", "female", datetime.date(2016, 4, 12)), ("王子轩", "male", datetime.date(2014, 9, 3)),
                ("陈思彤", "female", datetime.date(2017, 1, 20))]


@dataclass(frozen=True)
class Spec:
    """One demo case: how far it has come and how long ago it was reported."""

    stage: str
    hours_ago: int
    situation: str
    reporter_type: str
    urgent: bool = False
    description: str = ""


D = 24
FENGXIAN_SPECS = [
    Spec("reported", 2, "abandoned", "village_committee", True, "邻居反映孩子连续两天独自在家，家中无人做饭。"),
    Spec("reported", 3 * D, "other_serious_harm", "neighbour", False, "孩子常在夜间独自外出，照护人饮酒后无法照料。"),
    Spec("emergency_response", 9 * D, "multiple_injuries", "school", False, "班主任发现孩子手臂和背部有多处淤青。"),
    Spec("emergency_response", 20, "self_harm_poisoning", "hospital", True, "孩子误服农药送县医院抢救，已脱离危险。"),
    Spec("assessment", 20 * D, "abandoned", "village_committee", False, "父母外出务工，照护的祖父住院，孩子无人照料。"),
    Spec("assessment", 4 * D, "missing_trafficked", "state_organ", False, "派出所找回离家出走三天的孩子，移送民政。"),
    Spec("assistance_plan", 12 * D, "abandoned", "school", False, "孩子长期无人接送，多次旷课。"),
    Spec("intervention", 30 * D, "private_parts_injury", "hospital", True, "医院接诊时发现异常损伤，已报警。"),
    Spec("intervention", 60 * D, "abandoned", "state_organ", False, "孩子父亲服刑、母亲下落不明，无其他监护人。"),
    Spec("review", 45 * D, "other_serious_harm", "social_work_agency", False, "社工走访发现孩子长期辍学在家。"),
    Spec("closure_requested", 50 * D, "abandoned", "village_committee", False, "照护人年老多病，孩子生活无人照料。"),
    Spec("closed", 90 * D, "multiple_injuries", "school", False, "孩子身上有烫伤痕迹，照护人解释不清。"),
    Spec("reopened", 120 * D, "abandoned", "family", False, "姑姑反映孩子被独自留在家中。"),
]
HONGHE_SPECS = [
    Spec("reported", 4 * D, "organised_begging", "state_organ", True, "城管在车站发现被组织乞讨的儿童。"),
    Spec("assessment", 15 * D, "abandoned", "village_committee", False, "留守儿童的祖母去世，孩子无人照料。"),
    Spec("intervention", 40 * D, "abandoned", "welfare_institution", False, "孩子父母均下落不明，需长期监护。"),
    Spec("closed", 80 * D, "self_harm_poisoning", "school", False, "学生在校自伤，已送医并进行心理疏导。"),
]
STAGE_ORDER = ["reported", "emergency_response", "assessment", "assistance_plan", "intervention", "review",
               "closure_requested", "closed", "reopened"]


@dataclass
class CasesLoadResult:
    skipped: bool
    cases: int = 0
    escalated: int = 0


def demo_cases_exist() -> bool:
    return Event.objects.filter(verb=DEMO_CASES_LOADED, object_type="demo").exists()


def demo_cases_load(*, on: datetime.date | None = None, say: Callable[[str], None] = lambda text: None
                    ) -> CasesLoadResult:
    """Write the demo cases unless they are loaded already (then nothing is touched)."""
    if demo_cases_exist():
        say("演示个案已存在，跳过 / demo cases already loaded, skipped")
        return CasesLoadResult(skipped=True)
    with transaction.atomic():
        result = CasesLoadResult(skipped=False)
        county = User.objects.filter(username="fengxian", role=Role.COUNTY_OFFICER).first()
        supervisor = User.objects.filter(username="shuangshipu", role=Role.CHILD_SUPERVISOR).first()
        if county is None or supervisor is None:
            say("缺少演示账号，跳过个案 / demo logins missing, cases skipped")
            return CasesLoadResult(skipped=True)
        cases = _county_cases(FENGXIAN, FENGXIAN_SPECS, county=county, township=SHUANGSHIPU)
        _extras(cases, county=county)
        for code in _honghe_counties():
            cases += _county_cases(code, HONGHE_SPECS, county=None, township=None)
        result.cases = len(cases)
        result.escalated = deadlines_escalate()
        event_record(actor=None, verb=DEMO_CASES_LOADED, object_type="demo", data={"cases": result.cases})
    say(f"  个案演示数据完成 / cases demo done: {result.cases} 个案, {result.escalated} 个逾期环节已上报")
    return result


def _honghe_counties() -> list[str]:
    codes = []
    for code in Area.objects.filter(level=Level.COUNTY, code__startswith=HONGHE).order_by("code").values_list(
            "code", flat=True):
        if person_list(scope=Scope(code), filters=PersonFilter(max_age=CHILD_MAX_AGE)).exists():
            codes.append(code)
        if len(codes) == HONGHE_COUNTIES:
            break
    return codes


def _children(county_code: str, township: str | None, n: int) -> list:
    """`n` children of the county: in 凤县 a few from the supervisor's township (so the demo logins have
    cases), then one per township across the county, then one per village. 新民街 has almost no
    children in the demo registry, so its cases register new children through the report (None)."""
    picked: dict[int, object] = {}
    if township:
        ages = PersonFilter(min_age=3, max_age=CHILD_MAX_AGE)
        in_xinminjie = list(person_list(scope=Scope(XINMINJIE), filters=ages)[:XINMINJIE_CASES])
        picked.update((p.pk, p) for p in in_xinminjie)
        picked.update((p.pk, p) for p in _one_per(township, 12, TOWNSHIP_CASES, exclude=picked))
    for width in (9, 12):
        if len(picked) < n:
            picked.update((p.pk, p) for p in _one_per(county_code, width, n - len(picked), exclude=picked))
    missing = XINMINJIE_CASES - sum(1 for p in picked.values() if p.area_id == XINMINJIE)
    new = [None] * missing if township else []
    return (new + list(picked.values()))[:n]


def _one_per(prefix: str, width: int, n: int, *, exclude) -> list:
    """Up to `n` children under `prefix`, at most one per area code of `width` digits."""
    seen, found = set(), []
    people = person_list(scope=Scope(prefix), filters=PersonFilter(min_age=3, max_age=CHILD_MAX_AGE))
    for person in people[:CANDIDATES]:
        if len(found) >= n:
            break
        if person.pk in exclude or person.area_id[:width] in seen:
            continue
        seen.add(person.area_id[:width])
        found.append(person)
    return found


def _staff_ensure(*, username: str, role: str, area_code: str, full_name: str) -> User:
    user = User.objects.filter(role=role, area_id=area_code, is_active=True).order_by("pk").first()
    if user is None:
        user = User.objects.create(username=username, full_name=full_name, role=role, area_id=area_code,
                                   password=make_password(None))
    return user


def _report(spec: Spec, *, opened: datetime.datetime, person_id: int | None, child: PersonIn | None,
            receipt: str) -> ReportIn:
    return ReportIn(
        person_id=person_id, child=child, received_at=opened,
        channel="own" if spec.reporter_type == "village_committee" else "phone", reporter_type=spec.reporter_type,
        situation=spec.situation, urgent=spec.urgent, description=spec.description,
        happened_at=opened - datetime.timedelta(hours=6), police_told=spec.urgent,
        police_told_at=opened if spec.urgent else None, police_receipt_no=receipt if spec.urgent else "")


def _new_child(spec: tuple[str, str, datetime.date]) -> PersonIn:
    name, sex, born = spec
    return PersonIn(area_code=XINMINJIE, name=name, sex=sex, birth_date=born, hukou_type="urban",
                    address="双石铺镇新民街", living_arrangement="with_grandparents")


def _area_name(code: str) -> str:
    return Area.objects.filter(code=code).values_list("short_name", flat=True).first() or code


def _county_cases(county_code: str, specs: list[Spec], *, county: User | None, township: str | None) -> list[Case]:
    county = county or _staff_ensure(username=f"cm{county_code}", role=Role.COUNTY_OFFICER, area_code=county_code,
                                     full_name=f"{_area_name(county_code)[:6]}个案管理员")
    cases = []
    new_children = iter(NEW_CHILDREN)
    for spec, child in zip(specs, _children(county_code, township, len(specs)), strict=False):
        area_code = child.area_id if child is not None else XINMINJIE
        director = _staff_ensure(username=f"cd{area_code}", role=Role.CHILD_DIRECTOR, area_code=area_code,
                                 full_name=f"{_area_name(area_code)[:8]}儿童主任")
        supervisor = _staff_ensure(username=f"cs{area_code[:9]}", role=Role.CHILD_SUPERVISOR,
                                   area_code=area_code[:9], full_name=f"{_area_name(area_code[:9])[:6]}督导员")
        opened = timezone.now() - datetime.timedelta(hours=spec.hours_ago)
        new = _new_child(next(new_children)) if child is None else None
        case = report_file(actor=director, scope=scope_for(director), data=_report(
            spec, opened=opened, person_id=child.pk if child is not None else None, child=new,
            receipt=f"公受字〔{opened.year}〕{county_code[-2:]}{len(cases) + 1:03d}号"))
        _take_to(case, spec, supervisor=supervisor, county=county)
        cases.append(case)
    return cases


def _take_to(case: Case, spec: Spec, *, supervisor: User, county: User) -> None:
    """Take the case's steps in order until it stands where `spec` says."""
    reach = STAGE_ORDER.index(spec.stage)
    s_scope, c_scope = scope_for(supervisor), scope_for(county)
    today = timezone.localdate()

    def fresh() -> Case:
        return Case.objects.get(pk=case.pk)

    if reach >= 1:
        stages.emergency_record(actor=supervisor, scope=s_scope, case=fresh(), data=EmergencyIn(
            contacted_at=case.opened_at + datetime.timedelta(hours=3 if spec.urgent else 10), child_safe=True,
            actions="乡镇督导员与村儿童主任上门核实情况，联系亲属临时照看。",
            placement_type="relatives" if reach < 4 else "protection_centre", placement_place="外祖母家"))
    if reach >= 2:
        stages.assessment_record(actor=supervisor, scope=s_scope, case=fresh(), data=AssessmentIn(
            assessed_on=today, safety=2, safety_note="家中无成年人看护", guardianship=3,
            guardianship_note="委托照护人无照护能力", health=1, schooling=1 if reach < 5 else 2, needs=2,
            needs_note="生活照料、心理疏导、就学支持", intervention_needed=reach >= 4))
    if reach >= 3:
        stages.plan_submit(actor=supervisor, scope=s_scope, case=fresh(), data=PlanIn(
            goals="确保儿童安全，落实监护，恢复正常就学。", services=[
                {"service": "联系外出父母，落实委托照护并签订协议", "owner_name": "村儿童主任",
                 "due_on": today + datetime.timedelta(days=10)},
                {"service": "心理疏导（每周一次）", "owner_name": "县未成年人保护中心社工",
                 "due_on": today + datetime.timedelta(days=30)},
                {"service": "协调学校安排返校和课后看护", "owner_name": "镇中心学校",
                 "due_on": today + datetime.timedelta(days=14)}]))
    if reach >= 4:
        stages.plan_decide(actor=county, scope=c_scope, case=fresh(), data=DecisionIn(approve=True, note="同意"))
    if spec.stage == "intervention":
        long_term = spec.hours_ago >= 60 * D or spec.reporter_type == "welfare_institution"
        stages.intervention_record(actor=county, scope=c_scope, case=fresh(), data=InterventionIn(
            kind="long_term" if long_term else "temporary",
            long_term_ground="parents_not_found" if long_term else None,
            temporary_ground=None if long_term else "serious_harm",
            placement_type="welfare_institution" if long_term else "foster_family",
            placement_place="县儿童福利院" if long_term else "经评估的寄养家庭", started_on=today))
    if reach >= 5 and spec.stage != "intervention":
        stages.review_record(actor=supervisor, scope=s_scope, case=fresh(), data=ReviewIn(
            reviewed_on=today, findings="孩子由外祖母照看，按时上学，情绪稳定。", risk_score=6,
            recommend_closure=reach >= 6))
    if reach >= 6 and spec.stage != "intervention":
        stages.closure_request(actor=supervisor, scope=s_scope, case=fresh(),
                               data=ClosureIn(reason="guardianship_restored", note="监护已落实，风险消除。"))
    if reach >= 7 and spec.stage != "intervention":
        stages.closure_decide(actor=county, scope=c_scope, case=fresh(), data=DecisionIn(approve=True))
    if spec.stage == "reopened":
        stages.case_reopen(actor=county, scope=c_scope, case=fresh(), data=ReopenIn(reason="再次接到亲属报告"))


def _extras(cases: list[Case], *, county: User) -> None:
    """A joint meeting of the county on three cases; a case the county opened in 新民街 that the
    village's director opens by breaking the glass."""
    open_cases = [c for c in cases if c.stage != "closed"][:3]
    meeting_record(actor=county, scope=scope_for(county), data=MeetingIn(
        area_code=FENGXIAN, held_on=timezone.localdate() - datetime.timedelta(days=7),
        title="凤县未成年人保护工作联席会议（第四季度）",
        departments="民政局、教育局、公安局、卫健局、妇联、团县委、检察院",
        summary="通报本季度强制报告和个案办理情况，研究重点个案。",
        items=[{"case_id": c.pk, "decision": "由相关部门按帮扶计划分工落实", "follow_up_owner": "县民政局儿童福利股",
                "follow_up_due": timezone.localdate() + datetime.timedelta(days=14)} for c in open_cases]))
    director = User.objects.filter(username="xinminjie").first()
    if director is None:
        return
    case = report_file(actor=county, scope=scope_for(county), data=ReportIn(
        child=_new_child(NEW_CHILDREN[-1]), received_at=timezone.now() - datetime.timedelta(hours=30),
        channel="referral",
        reporter_type="state_organ", situation="other_serious_harm",
        description="县公安局移送：孩子目睹家庭暴力，需评估监护情况。"))
    stages.emergency_record(actor=county, scope=scope_for(county), case=case, data=EmergencyIn(
        contacted_at=case.opened_at + datetime.timedelta(hours=5), child_safe=True,
        actions="县民政局与派出所共同上门，孩子暂住姑姑家。", placement_type="relatives", placement_place="姑姑家"))
    case_break_glass(actor=director, scope=scope_for(director), case=case,
                     reason="孩子今天到社区求助，需要了解已有处置措施", purpose="emergency")
