"""Roles (DESIGN.md, "Who uses it") and what each may do. The one table of permissions."""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CHILD_DIRECTOR = "child_director", _("儿童主任/村级工作人员")
    CHILD_SUPERVISOR = "child_supervisor", _("儿童督导员/乡镇民政")
    COUNTY_OFFICER = "county_officer", _("县民政局工作人员")
    PREFECTURE_ANALYST = "prefecture_analyst", _("州(市)分析人员")
    SOCIAL_WORKER = "social_worker", _("社工(服务机构)")
    ADMINISTRATOR = "administrator", _("系统管理员")
    AUDITOR = "auditor", _("审计人员")


class Capability(models.TextChoices):
    PEOPLE_VIEW = "people.view", _("查看服务对象")
    PEOPLE_EDIT = "people.edit", _("登记和修改服务对象")
    PEOPLE_IMPORT = "people.import", _("导入服务对象")
    PEOPLE_EXPORT = "people.export", _("导出服务对象")
    ID_NUMBER_VIEW = "people.view_id_number", _("查看完整身份证号")
    AUDIT_VIEW = "audit.view", _("查看审计日志")
    USERS_MANAGE = "accounts.manage", _("管理用户、角色和区划")
    FIGURES_VIEW = "reports.view", _("查看统计数据")
    INDICATORS_EDIT = "reports.edit_indicators", _("修改统计指标口径(保存为新版本)")
    POPULATION_EDIT = "reports.edit_population", _("填报常住人口数(人口普查、统计年鉴)")
    BENEFITS_VIEW = "benefits.view", _("查看补贴享受资格和发放")
    BENEFITS_APPLY = "benefits.apply", _("申请补贴(村级)")
    BENEFITS_REVIEW = "benefits.review", _("审核补贴申请(乡镇)")
    BENEFITS_APPROVE = "benefits.approve", _("审批补贴、确认停发(县级)")
    BENEFITS_LOCK = "benefits.lock", _("生成、锁定和导出发放花名册，导入银行回盘")
    VISITS_RECORD = "visits.record", _("登记探访记录和需求")
    VISITS_MANAGE = "visits.manage", _("分配探访对象、发布重大事件、跟进转介和预警")
    VISITS_OFFLINE = "visits.offline", _("在手机上准备离线探访、离线记录并同步")
    CASES_REPORT = "cases.report", _("登记强制报告、办理所负责的个案")
    CASES_MANAGE = "cases.manage", _("管理个案：指派人员、推进各环节")
    CASES_APPROVE = "cases.approve", _("审批帮扶计划和结案(县级)")
    CASES_BREAK_GLASS = "cases.break_glass", _("说明理由后查阅非本人负责的个案")
    FACILITIES_VIEW = "facilities.view", _("查看服务设施、工作队伍和项目")
    FACILITIES_LOG = "facilities.log", _("登记设施服务记录")
    FACILITIES_EDIT = "facilities.edit", _("登记和修改设施、星级评定、工作队伍和项目(县级)")
    FACILITIES_PAY = "facilities.pay", _("核算、审批、锁定设施补助并导出银行文件(县级)")
    FUNDS_PLAN = "funds.plan", _("编制和锁定资金分配方案")
    UPSTREAM_MANAGE = "upstream.manage", _("生成和接收上报/回流数据包，处理数据冲突和回流事项")
    COMPARISONS_RUN = "comparisons.run", _("上传部门数据比对，处理比对结果")


C = Capability
_BENEFITS_VILLAGE = {C.BENEFITS_VIEW, C.BENEFITS_APPLY}
_BENEFITS_COUNTY = {C.BENEFITS_VIEW, C.BENEFITS_APPLY, C.BENEFITS_REVIEW, C.BENEFITS_APPROVE, C.BENEFITS_LOCK}
_CASES_VILLAGE = {C.CASES_REPORT, C.CASES_BREAK_GLASS}
_CASES_COUNTY = {C.CASES_REPORT, C.CASES_MANAGE, C.CASES_APPROVE, C.CASES_BREAK_GLASS}
_FACILITIES_LOCAL = {C.FACILITIES_VIEW, C.FACILITIES_LOG}
_FACILITIES_COUNTY = {C.FACILITIES_VIEW, C.FACILITIES_LOG, C.FACILITIES_EDIT, C.FACILITIES_PAY, C.FUNDS_PLAN}
ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.CHILD_DIRECTOR: frozenset({C.PEOPLE_VIEW, C.PEOPLE_EDIT, C.PEOPLE_IMPORT, C.PEOPLE_EXPORT,
                                    C.ID_NUMBER_VIEW, C.FIGURES_VIEW, C.VISITS_RECORD, C.VISITS_OFFLINE}
                                   | _BENEFITS_VILLAGE | _CASES_VILLAGE | _FACILITIES_LOCAL),
    Role.CHILD_SUPERVISOR: frozenset({C.PEOPLE_VIEW, C.PEOPLE_EDIT, C.PEOPLE_IMPORT, C.PEOPLE_EXPORT,
                                      C.ID_NUMBER_VIEW, C.FIGURES_VIEW, C.VISITS_RECORD, C.VISITS_MANAGE,
                                      C.VISITS_OFFLINE}
                                     | _BENEFITS_VILLAGE | {C.BENEFITS_REVIEW} | _CASES_VILLAGE | {C.CASES_MANAGE}
                                     | _FACILITIES_LOCAL),
    Role.COUNTY_OFFICER: frozenset({C.PEOPLE_VIEW, C.PEOPLE_EDIT, C.PEOPLE_IMPORT, C.PEOPLE_EXPORT,
                                    C.ID_NUMBER_VIEW, C.FIGURES_VIEW, C.VISITS_RECORD, C.VISITS_MANAGE}
                                   | _BENEFITS_COUNTY | _CASES_COUNTY | _FACILITIES_COUNTY
                                   | {C.UPSTREAM_MANAGE, C.COMPARISONS_RUN, C.POPULATION_EDIT}),
    Role.PREFECTURE_ANALYST: frozenset({C.PEOPLE_VIEW, C.PEOPLE_EXPORT, C.FIGURES_VIEW, C.BENEFITS_VIEW,
                                        C.FACILITIES_VIEW, C.FUNDS_PLAN, C.INDICATORS_EDIT, C.POPULATION_EDIT}),
    Role.SOCIAL_WORKER: frozenset({C.PEOPLE_VIEW, C.VISITS_RECORD, C.VISITS_OFFLINE, C.CASES_REPORT}),
    Role.ADMINISTRATOR: frozenset({C.PEOPLE_VIEW, C.USERS_MANAGE, C.FIGURES_VIEW, C.AUDIT_VIEW,
                                    C.UPSTREAM_MANAGE, C.INDICATORS_EDIT, C.POPULATION_EDIT}),
    Role.AUDITOR: frozenset({C.PEOPLE_VIEW, C.AUDIT_VIEW, C.FIGURES_VIEW, C.BENEFITS_VIEW, C.FACILITIES_VIEW}),
}

# Roles that may be bound to no area at all, meaning the whole installation.
INSTALLATION_WIDE_ROLES = frozenset({Role.ADMINISTRATOR, Role.AUDITOR})

# Roles that see only the people assigned to them inside their area (a contracted provider's staff).
ASSIGNED_ONLY_ROLES = frozenset({Role.SOCIAL_WORKER})

# The area level each role is normally bound to; a form warns when a user is bound elsewhere.
ROLE_LEVEL = {
    Role.CHILD_DIRECTOR: "village",
    Role.CHILD_SUPERVISOR: "township",
    Role.COUNTY_OFFICER: "county",
    Role.PREFECTURE_ANALYST: "prefecture",
}


def role_has(role: str, capability: str) -> bool:
    return capability in ROLE_CAPABILITIES.get(role, frozenset())


NOT_ALLOWED = "您的角色无此权限 / your role may not do this"


def require_capability(actor, *capabilities: str, allow_system: bool = False) -> None:
    """For services: refuse (PermissionDenied) unless `actor` is an active user whose role has one of
    `capabilities`. `actor` None is a system action (a management command, the demo loader), refused
    unless the service allows it with `allow_system=True`."""
    if actor is None:
        if allow_system:
            return
        raise PermissionDenied(NOT_ALLOWED)
    if not actor.is_active or not any(role_has(getattr(actor, "role", ""), c) for c in capabilities):
        raise PermissionDenied(NOT_ALLOWED)
