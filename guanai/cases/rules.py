"""Child-protection rules from RULES.md, each a data table or one small named function.

- The nine situations of mandatory reporting (最高检等九部门《关于建立侵害未成年人案件强制报告制度的意见
  （试行）》, 2020).
- Who reports (same opinion, Art. 3; Minor Protection Law Art. 11).
- Temporary guardianship grounds (未成年人保护法 2020 Art. 92), placement types (Art. 93), long-term
  guardianship grounds (Art. 94).
- The stage machine of a case (which form moves a case from which stage to which).
- The assessment's risk score and its bands; the default deadlines (editable rows in DeadlineRule).

Pure: no database access here.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Situation(models.TextChoices):
    """The nine situations (RULES.md "Mandatory reporting"; 最高检等九部门 2020 trial opinion, Art. 4)."""

    PRIVATE_PARTS_INJURY = "private_parts_injury", _("(1) 未成年人的生殖器官或隐私部位遭受或疑似遭受非正常损伤")
    GIRL_UNDER_14_SEXUAL = "girl_under_14_sexual", _("(2) 不满十四周岁的女性未成年人遭受或疑似遭受性侵害、怀孕、流产")
    GIRL_14_PLUS_PREGNANT = "girl_14_plus_pregnant", _("(3) 十四周岁以上女性未成年人遭受或疑似遭受性侵害所致怀孕、流产")
    MULTIPLE_INJURIES = "multiple_injuries", _("(4) 身体存在多处损伤、严重营养不良、意识不清")
    SELF_HARM_POISONING = "self_harm_poisoning", _("(5) 因自杀、自残、工伤、中毒等非正常原因导致伤残、死亡")
    ABANDONED = "abandoned", _("(6) 被遗弃或长期处于无人照料状态")
    MISSING_TRAFFICKED = "missing_trafficked", _("(7) 来源不明、失踪或者被拐卖、收买")
    ORGANISED_BEGGING = "organised_begging", _("(8) 被组织乞讨")
    OTHER_SERIOUS_HARM = "other_serious_harm", _("(9) 其他严重侵害未成年人身心健康或面临不法侵害危险的情形")


class ReporterType(models.TextChoices):
    """Who made the report: the bodies bound to report (2020 opinion, Art. 3) and anyone else
    (Minor Protection Law Art. 11: any organisation or person may report)."""

    STATE_ORGAN = "state_organ", _("国家机关及其工作人员")
    VILLAGE_COMMITTEE = "village_committee", _("村(居)民委员会")
    SCHOOL = "school", _("中小学校")
    KINDERGARTEN = "kindergarten", _("幼儿园")
    HOSPITAL = "hospital", _("医疗机构")
    WELFARE_INSTITUTION = "welfare_institution", _("儿童福利/未成年人救助保护机构")
    SOCIAL_WORK_AGENCY = "social_work_agency", _("社会工作服务机构")
    HOTEL = "hotel", _("旅店、宾馆")
    OTHER_CLOSE_CONTACT = "other_close_contact", _("其他密切接触未成年人的单位")
    FAMILY = "family", _("亲属")
    NEIGHBOUR = "neighbour", _("邻居或其他知情人")
    CHILD = "child", _("儿童本人")
    ANONYMOUS = "anonymous", _("匿名")


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("当面报告")
    PHONE = "phone", _("电话报告")
    OWN = "own", _("工作人员自行发现")
    REFERRAL = "referral", _("部门移送")


class TemporaryGround(models.TextChoices):
    """Temporary guardianship by civil affairs (未成年人保护法 2020 Art. 92)."""

    BEGGING_UNKNOWN = "begging_unknown", _("流浪乞讨或者身份不明，暂时查找不到父母或者其他监护人")
    GUARDIAN_MISSING = "guardian_missing", _("监护人下落不明且无其他人可以担任监护人")
    GUARDIAN_UNABLE = "guardian_unable", _(
        "监护人因自身客观原因或者因发生自然灾害、事故灾难、公共卫生事件等突发事件不能履行监护职责")
    NEGLECT = "neglect", _("监护人拒绝或者怠于履行监护职责，导致未成年人处于无人照料的状态")
    MADE_TO_OFFEND = "made_to_offend", _("监护人教唆、利用未成年人实施违法犯罪行为，未成年人需要被带离安置")
    SERIOUS_HARM = "serious_harm", _("未成年人遭受监护人严重伤害或者面临人身安全威胁，需要被紧急安置")
    OTHER = "other", _("法律规定的其他情形")


class LongTermGround(models.TextChoices):
    """Long-term guardianship by civil affairs (未成年人保护法 2020 Art. 94)."""

    PARENTS_NOT_FOUND = "parents_not_found", _("查找不到未成年人的父母或者其他监护人")
    GUARDIAN_DEAD = "guardian_dead", _("监护人死亡或者被宣告死亡且无其他人可以担任监护人")
    GUARDIAN_INCAPABLE = "guardian_incapable", _("监护人丧失监护能力且无其他人可以担任监护人")
    COURT_REVOKED = "court_revoked", _("人民法院判决撤销监护人资格并指定由民政部门担任监护人")
    OTHER = "other", _("法律规定的其他情形")


class PlacementType(models.TextChoices):
    """Where a child is placed (Art. 93 for temporary guardianship; `home` = stays with the family)."""

    HOME = "home", _("留在家中(未安置)")
    RELATIVES = "relatives", _("委托亲属抚养")
    FOSTER_FAMILY = "foster_family", _("家庭寄养")
    PROTECTION_CENTRE = "protection_centre", _("未成年人救助保护机构")
    WELFARE_INSTITUTION = "welfare_institution", _("儿童福利机构")
    HOSPITAL = "hospital", _("医疗机构救治")


class Stage(models.TextChoices):
    REPORTED = "reported", _("已报告")
    EMERGENCY_RESPONSE = "emergency_response", _("应急处置")
    ASSESSMENT = "assessment", _("评估")
    ASSISTANCE_PLAN = "assistance_plan", _("帮扶计划")
    INTERVENTION = "intervention", _("监护干预")
    REVIEW = "review", _("跟踪回访")
    CLOSED = "closed", _("已结案")


OPEN_STAGES = tuple(s for s in Stage.values if s != Stage.CLOSED)


class Step(models.TextChoices):
    """A form that moves or records something on a case; the stage machine below says where each may
    be used. `plan_decision` and `closure_decision` are the county's approvals."""

    EMERGENCY = "emergency", _("应急处置(首次接触)")
    ASSESSMENT = "assessment", _("评估")
    PLAN = "plan", _("制定帮扶计划")
    PLAN_DECISION = "plan_decision", _("审批帮扶计划")
    INTERVENTION = "intervention", _("监护干预")
    REVIEW = "review", _("跟踪回访")
    CLOSURE = "closure", _("申请结案")
    CLOSURE_DECISION = "closure_decision", _("审批结案")
    REOPEN = "reopen", _("重新开启")


# Which step may be taken in which stage, and the stage it leads to (None: the stage stays).
STAGE_MACHINE: dict[str, dict[str, str | None]] = {
    Step.EMERGENCY: {Stage.REPORTED: Stage.EMERGENCY_RESPONSE, Stage.EMERGENCY_RESPONSE: None},
    Step.ASSESSMENT: {Stage.EMERGENCY_RESPONSE: Stage.ASSESSMENT, Stage.ASSESSMENT: None},
    Step.PLAN: {Stage.ASSESSMENT: Stage.ASSISTANCE_PLAN, Stage.ASSISTANCE_PLAN: None},
    Step.PLAN_DECISION: {Stage.ASSISTANCE_PLAN: None},
    Step.INTERVENTION: {Stage.ASSISTANCE_PLAN: Stage.INTERVENTION, Stage.INTERVENTION: None,
                        Stage.REVIEW: Stage.INTERVENTION},
    Step.REVIEW: {Stage.ASSISTANCE_PLAN: Stage.REVIEW, Stage.INTERVENTION: Stage.REVIEW, Stage.REVIEW: None},
    Step.CLOSURE: {Stage.REVIEW: None},
    Step.CLOSURE_DECISION: {Stage.REVIEW: None},  # approval leads to closed (services.py)
    Step.REOPEN: {Stage.CLOSED: Stage.ASSESSMENT},
}

# Steps that need an approved plan first (the county approves plans: issue 6).
NEEDS_APPROVED_PLAN = frozenset({Step.INTERVENTION, Step.REVIEW})


def next_stage(*, step: str, stage: str) -> tuple[bool, str | None]:
    """(allowed, the stage after) for taking `step` in `stage`."""
    targets = STAGE_MACHINE.get(step, {})
    if stage not in targets:
        return False, None
    return True, targets[stage] or stage


def steps_open_in(stage: str) -> list[str]:
    return [step for step, targets in STAGE_MACHINE.items() if stage in targets]


class ClosureReason(models.TextChoices):
    SAFE_AT_HOME = "safe_at_home", _("风险消除，儿童在家安全")
    GUARDIANSHIP_RESTORED = "guardianship_restored", _("监护恢复，儿童返回家庭")
    LONG_TERM_PLACEMENT = "long_term_placement", _("已落实长期监护或安置")
    ADOPTED = "adopted", _("依法收养(Art. 95)")
    AGED_OUT = "aged_out", _("年满十八周岁")
    MOVED_AWAY = "moved_away", _("迁出本辖区，已移交")
    UNFOUNDED = "unfounded", _("经核实不属实")
    DIED = "died", _("儿童死亡")
    OTHER = "other", _("其他")


# --- Assessment risk score ------------------------------------------------------------------------
class Concern(models.IntegerChoices):
    NONE = 0, _("无")
    LOW = 1, _("轻")
    MEDIUM = 2, _("中")
    HIGH = 3, _("重")


# Our default weighting of the five assessment areas (issue 6; no national scale was found, so the
# weights and bands are local settings): safety and guardianship weigh most.
RISK_WEIGHTS = {"safety": 4, "guardianship": 3, "health": 2, "schooling": 1, "needs": 1}
RISK_BANDS = ((24, "high"), (12, "medium"), (0, "low"))  # score >= bound -> level; max score 33
RISK_LEVEL_LABELS = {"high": _("高风险"), "medium": _("中风险"), "low": _("低风险")}


def risk_score(ratings: dict[str, int]) -> int:
    """Weighted sum of the five concern ratings (0-3 each): 0 (no concern) to 33."""
    return sum(RISK_WEIGHTS[area] * int(ratings.get(area, 0)) for area in RISK_WEIGHTS)


def risk_band(score: int) -> str:
    return next(level for bound, level in RISK_BANDS if score >= bound)


# --- Deadlines ------------------------------------------------------------------------------------
class DeadlineStep(models.TextChoices):
    FIRST_CONTACT = "first_contact", _("首次接触")
    ASSESSMENT = "assessment", _("完成评估")
    PLAN = "plan", _("制定帮扶计划")
    REVIEW = "review", _("跟踪回访")
    POLICE_FEEDBACK = "police_feedback", _("公安机关反馈进展")


class DeadlineUnit(models.TextChoices):
    HOURS = "hours", _("小时")
    WORKING_DAYS = "working_days", _("工作日")


class OwnerLevel(models.TextChoices):
    VILLAGE = "village", _("村(社区)")
    TOWNSHIP = "township", _("乡镇(街道)")
    COUNTY = "county", _("县(区、市)")
    PREFECTURE = "prefecture", _("地(州、市)")


LEVEL_ORDER = list(OwnerLevel.values)
LEVEL_CODE_LENGTH = {"village": 12, "township": 9, "county": 6, "prefecture": 4}


@dataclass(frozen=True)
class DeadlineDefault:
    step: str
    amount: int
    unit: str
    owner_level: str
    source: str


# The defaults (issue 6: first contact within 24 hours, assessment within 5 working days,
# plan within 10), counted from the report; a review every 20 working days is our default. Each is a
# row of DeadlineRule that an administrator edits; these apply when a row is missing.
DEFAULT_DEADLINES = {
    d.step: d for d in (
        DeadlineDefault(DeadlineStep.FIRST_CONTACT, 24, DeadlineUnit.HOURS, OwnerLevel.VILLAGE,
                        "issue 6: first contact within 24 hours of the report"),
        DeadlineDefault(DeadlineStep.ASSESSMENT, 5, DeadlineUnit.WORKING_DAYS, OwnerLevel.TOWNSHIP,
                        "issue 6: assessment within 5 working days of the report"),
        DeadlineDefault(DeadlineStep.PLAN, 10, DeadlineUnit.WORKING_DAYS, OwnerLevel.TOWNSHIP,
                        "issue 6: plan within 10 working days of the report"),
        DeadlineDefault(DeadlineStep.REVIEW, 20, DeadlineUnit.WORKING_DAYS, OwnerLevel.TOWNSHIP,
                        "local default: a review every 20 working days while the plan runs"),
        DeadlineDefault(DeadlineStep.POLICE_FEEDBACK, 72, DeadlineUnit.HOURS, OwnerLevel.COUNTY,
                        "最高检等九部门2020：公安机关受理或立案后3日内向报告单位反馈进展（自报警时起算）"),
    )
}

# Which step meets which deadline.
STEP_MEETS = {Step.EMERGENCY: DeadlineStep.FIRST_CONTACT, Step.ASSESSMENT: DeadlineStep.ASSESSMENT,
              Step.PLAN: DeadlineStep.PLAN, Step.REVIEW: DeadlineStep.REVIEW}


def escalation_level(owner_level: str) -> str:
    """A missed deadline goes to the next level up from its owner (issue 6)."""
    index = LEVEL_ORDER.index(owner_level)
    return LEVEL_ORDER[min(index + 1, len(LEVEL_ORDER) - 1)]


def level_code(area_code: str, level: str) -> str:
    """The code of the area at `level` that holds `area_code` (610330100007, county -> 610330)."""
    return area_code[:LEVEL_CODE_LENGTH[level]]


# A break-the-glass read opens the case to the reader for this long (then they must give a reason again).
BREAK_GLASS_HOURS = 8
BREAK_GLASS_REASON_MIN_CHARS = 4


def break_glass_window_start(now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(hours=BREAK_GLASS_HOURS)


def police_report_missing(*, situation: str, police_told: bool) -> bool:
    """RULES.md Mandatory reporting (最高检等九部门 2020): each of the nine situations is reported to the
    police at once; a report of one that was not is flagged on the county's list."""
    return situation in POLICE_SITUATIONS and not police_told


# The situations that must go to the police: all nine of the 2020 opinion (data, so a county could
# narrow it if a later rule does).
POLICE_SITUATIONS = frozenset(Situation.values)
