"""Child-protection cases (个案): a mandatory report opens a case, which moves through its stages
(rules.STAGE_MACHINE), each with its own record; deadlines count working days on WorkdayAdjustment.

Every row with personal data carries the child's village `area` so scoping is the usual prefix match.
Need-to-know (who may open a case inside their scope) is decided in access.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from guanai.cases.rules import (
    RISK_LEVEL_LABELS,
    Channel,
    ClosureReason,
    Concern,
    DeadlineStep,
    DeadlineUnit,
    LongTermGround,
    OwnerLevel,
    PlacementType,
    ReporterType,
    Situation,
    Stage,
    TemporaryGround,
)
from guanai.core.messages import message_text


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class DayKind(models.TextChoices):
    DAY_OFF = "day_off", _("放假")
    WORKDAY = "workday", _("调休上班")


class WorkdayAdjustment(TimeStamped):
    """A weekday off (法定节假日) or a weekend day worked (调休上班); every other day follows the week."""

    day = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=DayKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    source = models.CharField(_("依据"), max_length=300, help_text=_("国务院办公厅当年节假日安排通知"))

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()} {self.name}"


class DeadlineRule(TimeStamped):
    """How long a step may take, counted from the report (issue 6 defaults in rules.DEFAULT_DEADLINES)."""

    step = models.CharField(_("环节"), max_length=20, choices=DeadlineStep.choices, unique=True)
    amount = models.PositiveIntegerField(_("时限"))
    unit = models.CharField(_("单位"), max_length=15, choices=DeadlineUnit.choices)
    owner_level = models.CharField(_("责任层级"), max_length=12, choices=OwnerLevel.choices,
                                   help_text=_("逾期后上报至上一级"))
    source = models.CharField(_("依据"), max_length=300)

    class Meta:
        verbose_name = _("办理时限")
        verbose_name_plural = _("办理时限")

    def __str__(self) -> str:
        return f"{self.get_step_display()}：{self.amount}{self.get_unit_display()}"


class Case(TimeStamped):
    number = models.CharField(_("个案编号"), max_length=20, unique=True)
    person = models.ForeignKey("people.Person", verbose_name=_("儿童"), on_delete=models.PROTECT,
                               related_name="cases")
    area = models.ForeignKey("areas.Area", verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(_("环节"), max_length=20, choices=Stage.choices, default=Stage.REPORTED)
    urgent = models.BooleanField(_("紧急"), default=False)
    situation = models.CharField(_("情形"), max_length=30, choices=Situation.choices)
    opened_at = models.DateTimeField(_("受理时间"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT,
                                  related_name="+")
    first_contact_at = models.DateTimeField(_("首次接触时间"), null=True, blank=True)
    risk_score = models.PositiveSmallIntegerField(_("风险评分"), null=True, blank=True)
    risk_level = models.CharField(_("风险等级"), max_length=6, blank=True)
    closure_reason = models.CharField(_("结案原因"), max_length=30, choices=ClosureReason.choices, blank=True)
    closure_note = models.TextField(_("结案说明"), blank=True)
    closure_requested_at = models.DateTimeField(_("申请结案时间"), null=True, blank=True)
    closure_requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                             on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("结案审批人"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    reopened_count = models.PositiveSmallIntegerField(_("重新开启次数"), default=0)

    class Meta:
        verbose_name = _("个案")
        verbose_name_plural = _("个案")
        indexes = [models.Index(fields=["area", "stage"], name="case_area_stage"),
                   models.Index(fields=["person", "opened_at"], name="case_person_opened"),
                   models.Index(fields=["opened_at"], name="case_opened")]

    def __str__(self) -> str:
        return f"{self.number}（{self.get_stage_display()}）"

    @property
    def is_open(self) -> bool:
        return self.stage != Stage.CLOSED

    @property
    def risk_level_label(self) -> str:
        return str(RISK_LEVEL_LABELS.get(self.risk_level, ""))


class AssignmentRole(models.TextChoices):
    VILLAGE_WORKER = "village_worker", _("村级儿童主任")
    LEAD = "lead", _("个案负责人")
    SOCIAL_WORKER = "social_worker", _("社工")


class CaseAssignment(TimeStamped):
    """A worker assigned to a case (need-to-know: access.py)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("工作人员"), on_delete=models.PROTECT,
                             related_name="case_assignments")
    role = models.CharField(_("职责"), max_length=20, choices=AssignmentRole.choices)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("个案指派")
        verbose_name_plural = _("个案指派")
        indexes = [models.Index(fields=["user", "ended_at"], name="caseassign_user")]
        constraints = [models.UniqueConstraint(fields=["case", "user"], condition=Q(ended_at__isnull=True),
                                               name="caseassign_one_open")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.user} {self.get_role_display()}"


class MandatoryReport(TimeStamped):
    """A report of harm or risk to a child (强制报告); the first one opens the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reports")
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(_("接报时间"))
    channel = models.CharField(_("报告方式"), max_length=10, choices=Channel.choices)
    reporter_type = models.CharField(_("报告人类型"), max_length=25, choices=ReporterType.choices)
    reporter_name = models.CharField(_("报告人"), max_length=50, blank=True)
    reporter_unit = models.CharField(_("报告单位"), max_length=100, blank=True)
    reporter_phone = models.CharField(_("报告人电话"), max_length=20, blank=True)
    situation = models.CharField(_("情形"), max_length=30, choices=Situation.choices)
    happened_at = models.DateTimeField(_("发生时间"), null=True, blank=True)
    place = models.CharField(_("发生地点"), max_length=200, blank=True)
    description = models.TextField(_("发生了什么"))
    urgent = models.BooleanField(_("紧急"), default=False)
    police_told = models.BooleanField(_("已报告公安机关"), default=False)
    police_told_at = models.DateTimeField(_("报警时间"), null=True, blank=True)
    police_station = models.CharField(_("受理的公安机关"), max_length=100, blank=True)
    police_receipt_no = models.CharField(_("报案回执单号"), max_length=60, blank=True)
    # The police's feedback on progress (owed within 3 days of accepting: the police_feedback deadline).
    police_feedback_on = models.DateField(_("公安机关反馈日期"), null=True, blank=True)
    police_feedback = models.CharField(_("公安机关反馈结果"), max_length=200, blank=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("接报人"), on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = _("强制报告")
        verbose_name_plural = _("强制报告")
        indexes = [models.Index(fields=["area", "received_at"], name="report_area_received")]

    def __str__(self) -> str:
        return f"{self.received_at:%Y-%m-%d} {self.get_situation_display()[:12]}"


class EmergencyResponse(TimeStamped):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="emergency_responses")
    contacted_at = models.DateTimeField(_("首次接触时间"))
    child_safe = models.BooleanField(_("儿童目前安全"), default=False)
    actions = models.TextField(_("采取的措施"))
    placement_type = models.CharField(_("安置方式"), max_length=25, choices=PlacementType.choices,
                                      default=PlacementType.HOME)
    placement_place = models.CharField(_("安置地点"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("应急处置")
        verbose_name_plural = _("应急处置")

    def __str__(self) -> str:
        return f"{self.case_id} {self.contacted_at:%Y-%m-%d %H:%M}"


class Assessment(TimeStamped):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("评估日期"))
    safety = models.PositiveSmallIntegerField(_("安全"), choices=Concern.choices)
    safety_note = models.CharField(_("安全情况"), max_length=500, blank=True)
    guardianship = models.PositiveSmallIntegerField(_("监护"), choices=Concern.choices)
    guardianship_note = models.CharField(_("监护情况"), max_length=500, blank=True)
    health = models.PositiveSmallIntegerField(_("健康"), choices=Concern.choices)
    health_note = models.CharField(_("健康情况"), max_length=500, blank=True)
    schooling = models.PositiveSmallIntegerField(_("就学"), choices=Concern.choices)
    schooling_note = models.CharField(_("就学情况"), max_length=500, blank=True)
    needs = models.PositiveSmallIntegerField(_("需求"), choices=Concern.choices)
    needs_note = models.CharField(_("主要需求"), max_length=500, blank=True)
    risk_score = models.PositiveSmallIntegerField(_("风险评分"))
    risk_level = models.CharField(_("风险等级"), max_length=6)
    intervention_needed = models.BooleanField(_("需要监护干预"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("评估")
        verbose_name_plural = _("评估")

    def __str__(self) -> str:
        return f"{self.case_id} {self.assessed_on} {self.risk_score}"

    @property
    def risk_level_label(self) -> str:
        return str(RISK_LEVEL_LABELS.get(self.risk_level, ""))


class PlanStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待县级审批")
    APPROVED = "approved", _("已批准")
    RETURNED = "returned", _("退回修改")


class AssistancePlan(TimeStamped):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plans")
    goals = models.TextField(_("帮扶目标"))
    status = models.CharField(_("状态"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("帮扶计划")
        verbose_name_plural = _("帮扶计划")

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_status_display()}"


class PlanService(TimeStamped):
    plan = models.ForeignKey(AssistancePlan, on_delete=models.CASCADE, related_name="services")
    service = models.CharField(_("服务内容"), max_length=200)
    owner_name = models.CharField(_("责任人/责任单位"), max_length=100)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("责任人(系统用户)"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("完成时限"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("帮扶服务")
        verbose_name_plural = _("帮扶服务")

    def __str__(self) -> str:
        return f"{self.service}（{self.owner_name}，{self.due_on}）"


class InterventionKind(models.TextChoices):
    TEMPORARY = "temporary", _("临时监护(第92条)")
    LONG_TERM = "long_term", _("长期监护(第94条)")
    ENTRUSTED_CARE = "entrusted_care", _("落实委托照护")


class GuardianshipIntervention(TimeStamped):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="interventions")
    kind = models.CharField(_("干预方式"), max_length=15, choices=InterventionKind.choices)
    temporary_ground = models.CharField(_("临时监护情形(第92条)"), max_length=20, choices=TemporaryGround.choices,
                                        blank=True)
    long_term_ground = models.CharField(_("长期监护情形(第94条)"), max_length=20, choices=LongTermGround.choices,
                                        blank=True)
    placement_type = models.CharField(_("安置方式(第93条)"), max_length=25, choices=PlacementType.choices)
    placement_place = models.CharField(_("安置地点"), max_length=200)
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    carer_name = models.CharField(_("委托照护人"), max_length=50, blank=True)
    carer_agreement_signed_on = models.DateField(_("委托照护协议签订日期"), null=True, blank=True)
    carer_agreement_note = models.CharField(_("协议要点"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("监护干预")
        verbose_name_plural = _("监护干预")
        constraints = [
            models.CheckConstraint(condition=~Q(kind="temporary") | ~Q(temporary_ground=""),
                                   name="intervention_temporary_ground"),
            models.CheckConstraint(condition=~Q(kind="long_term") | ~Q(long_term_ground=""),
                                   name="intervention_long_term_ground"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_kind_display()} {self.started_on}"


class CaseReview(TimeStamped):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("回访日期"))
    findings = models.TextField(_("回访情况"))
    risk_score = models.PositiveSmallIntegerField(_("当前风险评分"), null=True, blank=True)
    recommend_closure = models.BooleanField(_("建议结案"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("跟踪回访")
        verbose_name_plural = _("跟踪回访")

    def __str__(self) -> str:
        return f"{self.case_id} {self.reviewed_on}"


class StageChange(TimeStamped):
    """The case's own history: every step taken, with the stage before and after."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stage_changes")
    step = models.CharField(_("操作"), max_length=20)
    from_stage = models.CharField(_("原环节"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("新环节"), max_length=20, choices=Stage.choices)
    at = models.DateTimeField(_("时间"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                           related_name="+")
    note = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("环节变更")
        verbose_name_plural = _("环节变更")
        indexes = [models.Index(fields=["case", "at"], name="stagechange_case_at")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.from_stage} → {self.to_stage}"


class Deadline(TimeStamped):
    """A step owed by a time; missed ones escalate one level up and stay listed until met."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    step = models.CharField(_("环节"), max_length=20, choices=DeadlineStep.choices)
    due_at = models.DateTimeField(_("时限"))
    owner_level = models.CharField(_("责任层级"), max_length=12, choices=OwnerLevel.choices)
    met_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    escalated_to = models.CharField(_("已上报至"), max_length=12, choices=OwnerLevel.choices, blank=True)
    escalated_at = models.DateTimeField(_("上报时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("个案时限")
        verbose_name_plural = _("个案时限")
        indexes = [models.Index(fields=["met_at", "due_at"], name="deadline_open_due"),
                   models.Index(fields=["area", "met_at"], name="deadline_area_open")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_step_display()} {self.due_at:%Y-%m-%d %H:%M}"


class NotificationKind(models.TextChoices):
    URGENT_REPORT = "urgent_report", _("紧急报告")
    DEADLINE_MISSED = "deadline_missed", _("环节逾期")
    PLAN_SUBMITTED = "plan_submitted", _("帮扶计划待审批")
    CLOSURE_REQUESTED = "closure_requested", _("结案待审批")
    ASSIGNED = "assigned", _("指派个案")
    DECIDED = "decided", _("审批结果")


class Notification(TimeStamped):
    """An in-app message to one user (shown on their home page until read)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_notifications")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications")
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类型"), max_length=20, choices=NotificationKind.choices)
    # The title as a message (guanai.core.messages: a key with parameters), shown in the reader's
    # language; `title` holds it in Chinese for searching and for rows older than messages.
    title = models.CharField(_("标题"), max_length=200)
    title_message = models.JSONField(_("标题（消息）"), default=dict, blank=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        indexes = [models.Index(fields=["user", "read_at", "created_at"], name="notification_user_unread")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.title}"

    @property
    def title_text(self) -> str:
        """The title in the reader's language."""
        return message_text(self.title_message, self.title)


class CaseLink(TimeStamped):
    """A visit record or a referral (visits app) that belongs to a case; the link lives here so the
    visit service need not know about cases."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links")
    visit = models.ForeignKey("visits.VisitRecord", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    referral = models.ForeignKey("visits.Referral", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    note = models.CharField(_("说明"), max_length=200, blank=True)
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("关联记录")
        verbose_name_plural = _("关联记录")
        constraints = [
            models.CheckConstraint(condition=Q(visit__isnull=True, referral__isnull=False)
                                   | Q(visit__isnull=False, referral__isnull=True), name="caselink_one_target"),
            models.UniqueConstraint(fields=["case", "visit"], name="caselink_unique_visit"),
            models.UniqueConstraint(fields=["case", "referral"], name="caselink_unique_referral"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} → {'visit' if self.visit_id else 'referral'} {self.visit_id or self.referral_id}"


class JointMeeting(TimeStamped):
    """A multi-department meeting (联席会议) of a county or township."""

    area = models.ForeignKey("areas.Area", verbose_name=_("召集区划"), on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("会议日期"))
    title = models.CharField(_("会议名称"), max_length=200)
    departments = models.CharField(_("参会部门"), max_length=500, help_text=_("用顿号或逗号分隔"))
    summary = models.TextField(_("会议纪要"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("联席会议")
        verbose_name_plural = _("联席会议")
        indexes = [models.Index(fields=["area", "held_on"], name="meeting_area_held")]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class MeetingCase(TimeStamped):
    meeting = models.ForeignKey(JointMeeting, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="meeting_items")
    decision = models.CharField(_("会议决定"), max_length=500)
    follow_up_owner = models.CharField(_("跟进责任人/单位"), max_length=100)
    follow_up_due = models.DateField(_("跟进时限"), null=True, blank=True)

    class Meta:
        verbose_name = _("会议研究的个案")
        verbose_name_plural = _("会议研究的个案")
        constraints = [models.UniqueConstraint(fields=["meeting", "case"], name="meetingcase_unique")]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.case_id}"
