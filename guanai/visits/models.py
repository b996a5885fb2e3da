"""The visit and care service (探访关爱): who is followed and by whom, when they are next due, what a
visit found, the needs and referrals that follow, major events, remote monitoring and alerts.

`FollowUp` is the visits app's own denormalised row per followed person (risk level, group, worker,
last visits, next due date), so that a due list is one indexed range query, not a scan of visits.
A `VisitRecord` is never edited in place: a correction is a new version pointing at the previous one.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RiskLevel(models.TextChoices):
    """The values of Person.risk_level (derived by guanai/people/rules.py)."""

    HIGH = "high", _("高风险")
    MEDIUM = "medium", _("中风险")
    LOW = "low", _("低风险")


class TargetGroup(models.TextChoices):
    ELDER = "elder", _("特殊困难老年人")
    CHILD = "child", _("关爱儿童")
    OTHER = "other", _("其他关爱对象")


class Method(models.TextChoices):
    HOME = "home", _("上门入户")
    PHONE = "phone", _("电话")
    VIDEO = "video", _("视频")
    REMOTE = "remote", _("远程监测")


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class VisitPeriod(models.TextChoices):
    """RULES.md "Visit frequency": weekly, monthly and quarterly are calendar periods (the visit rate is
    counted per calendar month); DAYS keeps a plain interval in days."""

    DAYS = "", _("按天数间隔")
    ISO_WEEK = "iso_week", _("每自然周")
    CALENDAR_MONTH = "calendar_month", _("每自然月")
    CALENDAR_QUARTER = "calendar_quarter", _("每自然季度")


class VisitRule(TimeStamped):
    """How often a person of a risk level is to be contacted (RULES.md, "Visit frequency"), as data:
    `area` null is the installation default; a row for an area applies to every code under it and the
    longest matching code wins; effective_from/effective_to bound the period (both days included)."""

    area = models.ForeignKey("areas.Area", verbose_name=_("适用区划"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+", help_text=_("留空表示默认值"))
    risk_level = models.CharField(_("风险等级"), max_length=6, choices=RiskLevel.choices)
    interval_days = models.PositiveSmallIntegerField(_("探访间隔(天)"), help_text=_("至少每多少天联系一次"))
    period = models.CharField(_("探访周期"), max_length=20, choices=VisitPeriod.choices, blank=True,
                              help_text=_("选择自然周/月/季度时，每个周期内至少联系一次（不再按天数计算）"))
    home_interval_days = models.PositiveSmallIntegerField(
        _("入户间隔(天)"), null=True, blank=True, help_text=_("至少每多少天上门入户一次；留空表示可全部电话/视频"))
    home_period = models.CharField(_("入户周期"), max_length=20, choices=VisitPeriod.choices, blank=True,
                                   help_text=_("选择自然周/月/季度时，每个周期内至少入户一次"))
    event_due_hours = models.PositiveSmallIntegerField(
        _("重大事件后应访时限(小时)"), null=True, blank=True,
        help_text=_("发布重大事件后多少小时内必须探访；留空表示不适用"))
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True, help_text=_("当天仍有效；留空表示长期有效"))
    source = models.TextField(_("政策依据"))

    class Meta:
        verbose_name = _("探访频次规则")
        verbose_name_plural = _("探访频次规则")
        indexes = [models.Index(fields=["risk_level", "area", "effective_from"], name="visitrule_level_area")]
        constraints = [models.CheckConstraint(
            condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
            name="visitrule_to_after_from")]

    def __str__(self) -> str:
        where = self.area_id or _("默认")
        every = self.get_period_display() if self.period else f"每{self.interval_days}天"
        return f"{self.get_risk_level_display()}：{every}（{where}，{self.effective_from} 起）"


class ServiceProvider(TimeStamped):
    """A social-work agency or care company that delivers visits under a contract (政府购买服务)."""

    name = models.CharField(_("机构名称"), max_length=100)
    area = models.ForeignKey("areas.Area", verbose_name=_("登记区划"), on_delete=models.PROTECT, related_name="+")
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    workers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("社工"), blank=True,
                                     related_name="service_providers")

    class Meta:
        verbose_name = _("服务机构")
        verbose_name_plural = _("服务机构")

    def __str__(self) -> str:
        return self.name


class ServiceContract(TimeStamped):
    """A government-purchased service contract: the provider visits people in `area` in the period."""

    provider = models.ForeignKey(ServiceProvider, verbose_name=_("服务机构"), on_delete=models.PROTECT,
                                 related_name="contracts")
    area = models.ForeignKey("areas.Area", verbose_name=_("服务区域"), on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("合同编号"), max_length=50)
    title = models.CharField(_("项目名称"), max_length=100)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    amount_fen = models.PositiveBigIntegerField(_("合同金额(分)"), default=0)

    class Meta:
        verbose_name = _("购买服务合同")
        verbose_name_plural = _("购买服务合同")
        indexes = [models.Index(fields=["area", "ends_on"], name="contract_area_end")]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                              name="contract_end_after_start")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}（{self.provider}）"

    def covers(self, *, area_code: str, on) -> bool:
        return area_code.startswith(self.area_id) and self.starts_on <= on <= self.ends_on


class EventKind(models.TextChoices):
    EXTREME_WEATHER = "extreme_weather", _("极端天气")
    DISASTER = "disaster", _("自然灾害")
    EPIDEMIC = "epidemic", _("疫情")
    OTHER = "other", _("其他重大事件")


class MajorEvent(TimeStamped):
    """Declared by a supervisor for an area and a period: every high-risk person in it is due within the
    rule's event_due_hours (RULES.md: "within 24 hours of a major event")."""

    area = models.ForeignKey("areas.Area", verbose_name=_("影响区域"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类型"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("名称"), max_length=100)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    people_due = models.PositiveIntegerField(_("应访人数"), default=0)

    class Meta:
        verbose_name = _("重大事件")
        verbose_name_plural = _("重大事件")
        indexes = [models.Index(fields=["area", "starts_at"], name="majorevent_area_start")]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")),
                                              name="majorevent_end_after_start")]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_kind_display()}，{self.area_id}）"


class DueReason(models.TextChoices):
    CONTACT = "contact", _("定期探访")
    HOME = "home", _("季度入户")
    EVENT = "event", _("重大事件")
    ALERT = "alert", _("预警")


class FollowUp(TimeStamped):
    """One row per followed person (anyone with an open category, i.e. a risk level): who follows them
    and when they are next due. Kept by services.followups_sync and by every visit."""

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="follow_up")
    area = models.ForeignKey("areas.Area", verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="+")
    risk_level = models.CharField(_("风险等级"), max_length=6, choices=RiskLevel.choices)
    target_group = models.CharField(_("对象分组"), max_length=6, choices=TargetGroup.choices)
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("探访人"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="follow_ups")
    contract = models.ForeignKey(ServiceContract, verbose_name=_("服务合同"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="follow_ups")
    followed_since = models.DateField(_("纳入关爱日期"))
    ended_on = models.DateField(_("结束关爱日期"), null=True, blank=True)
    last_visit_at = models.DateTimeField(_("最近探访"), null=True, blank=True)
    last_home_visit_at = models.DateTimeField(_("最近入户"), null=True, blank=True)
    contact_due_on = models.DateField(_("定期探访应访日期"))
    home_due_on = models.DateField(_("入户应访日期"), null=True, blank=True)
    event = models.ForeignKey(MajorEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    event_due_at = models.DateTimeField(_("重大事件应访时限"), null=True, blank=True)
    next_due_on = models.DateField(_("下次应访日期"))
    due_reason = models.CharField(_("应访原因"), max_length=8, choices=DueReason.choices, default=DueReason.CONTACT)

    class Meta:
        verbose_name = _("探访对象")
        verbose_name_plural = _("探访对象")
        indexes = [
            models.Index(fields=["area", "next_due_on"], name="followup_area_due",
                         condition=Q(ended_on__isnull=True)),
            # The due list's first page: walk due dates in order, keep rows of the scope's area range.
            models.Index(fields=["next_due_on", "area"], name="followup_due_area",
                         condition=Q(ended_on__isnull=True)),
            models.Index(fields=["worker", "next_due_on"], name="followup_worker_due",
                         condition=Q(ended_on__isnull=True)),
            models.Index(fields=["target_group", "area"], name="followup_group_area"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.next_due_on}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class Level3(models.TextChoices):
    GOOD = "good", _("良好")
    FAIR = "fair", _("一般")
    POOR = "poor", _("较差")
    URGENT = "urgent", _("危急")


class SafetyCheck(models.TextChoices):
    OK = "ok", _("无隐患")
    HAZARD = "hazard", _("有隐患")
    NOT_CHECKED = "na", _("未检查")


class Received(models.TextChoices):
    YES = "yes", _("按时足额")
    PARTLY = "partly", _("部分/延迟")
    NO = "no", _("未收到")
    NOT_APPLICABLE = "na", _("不适用")


class SupportersCare(models.TextChoices):
    GOOD = "good", _("履行良好")
    PARTIAL = "partial", _("部分履行")
    NONE = "none", _("未履行")
    NOT_APPLICABLE = "na", _("不适用")


class VisitRecord(TimeStamped):
    """What a visit found. Saved once: a correction is a new row with `previous` set, version + 1 and a
    reason; the old row keeps its content and only loses `is_current`."""

    # Millions of rows: no single-column FK indexes; the composite indexes below serve the real queries
    # (person -> visit_person_at, visitor -> visit_visitor_on, area -> visit_month_group_area).
    person = models.ForeignKey("people.Person", verbose_name=_("服务对象"), on_delete=models.PROTECT,
                               related_name="visits", db_index=False)
    area = models.ForeignKey("areas.Area", verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="+",
                             db_index=False)
    visitor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("探访人"), on_delete=models.PROTECT,
                                related_name="+", db_index=False)
    contract = models.ForeignKey(ServiceContract, verbose_name=_("服务合同"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="visits", db_index=False)
    method = models.CharField(_("探访方式"), max_length=6, choices=Method.choices)
    visited_at = models.DateTimeField(_("探访时间"))
    visited_on = models.DateField(_("探访日期"), editable=False)  # local date of visited_at, for the monthly rate
    target_group = models.CharField(_("对象分组"), max_length=6, choices=TargetGroup.choices)
    risk_level = models.CharField(_("风险等级"), max_length=6, blank=True)
    health = models.CharField(_("身体状况"), max_length=6, choices=Level3.choices)
    mental_state = models.CharField(_("精神状态"), max_length=6, choices=Level3.choices)
    health_note = models.CharField(_("身心状况说明"), max_length=300, blank=True)
    gas_safety = models.CharField(_("用气安全"), max_length=6, choices=SafetyCheck.choices, default=SafetyCheck.OK)
    power_safety = models.CharField(_("用电安全"), max_length=6, choices=SafetyCheck.choices, default=SafetyCheck.OK)
    fire_safety = models.CharField(_("消防安全"), max_length=6, choices=SafetyCheck.choices, default=SafetyCheck.OK)
    fall_safety = models.CharField(_("防跌倒"), max_length=6, choices=SafetyCheck.choices, default=SafetyCheck.OK)
    money_received = models.CharField(_("补贴/救助到位"), max_length=6, choices=Received.choices,
                                      default=Received.NOT_APPLICABLE)
    supporters_care = models.CharField(_("赡养人/监护人履责"), max_length=8, choices=SupportersCare.choices,
                                       default=SupportersCare.NOT_APPLICABLE)
    needs_summary = models.CharField(_("服务需求"), max_length=300, blank=True)
    notes = models.TextField(_("探访情况"), blank=True)
    event = models.ForeignKey(MajorEvent, verbose_name=_("重大事件"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="visits", db_index=False)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    previous = models.OneToOneField("self", verbose_name=_("更正前版本"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="correction")
    is_current = models.BooleanField(_("当前版本"), default=True)
    correction_reason = models.CharField(_("更正理由"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("探访记录")
        verbose_name_plural = _("探访记录")
        indexes = [
            models.Index(fields=["person", "visited_at"], name="visit_person_at"),
            # The monthly visit rate: an index-only scan on PostgreSQL (person is included; SQLite ignores it).
            models.Index(fields=["visited_on", "target_group", "area"], name="visit_month_group_area",
                         condition=Q(is_current=True), include=["person"]),
            models.Index(fields=["visitor", "visited_on"], name="visit_visitor_on"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(previous__isnull=True, version=1)
                                   | Q(previous__isnull=False, version__gt=1), name="visit_version_chain"),
            models.CheckConstraint(condition=Q(previous__isnull=True) | ~Q(correction_reason=""),
                                   name="visit_correction_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.get_method_display()} #{self.pk} v{self.version}"

    @property
    def hazards(self) -> list[str]:
        return [str(self._meta.get_field(f).verbose_name) for f in SAFETY_FIELDS
                if getattr(self, f) == SafetyCheck.HAZARD]


SAFETY_FIELDS = ("gas_safety", "power_safety", "fire_safety", "fall_safety")


class NeedKind(models.TextChoices):
    HEALTH = "health", _("医疗健康")
    DAILY_CARE = "daily_care", _("生活照料")
    MONEY = "money", _("补贴救助")
    HOUSING = "housing", _("住房安全")
    MENTAL = "mental", _("心理关爱")
    GUARDIANSHIP = "guardianship", _("监护照护")
    EDUCATION = "education", _("教育就学")
    LEGAL = "legal", _("法律援助")
    OTHER = "other", _("其他")


class NeedStatus(models.TextChoices):
    OPEN = "open", _("待对接")
    REFERRED = "referred", _("已转介")
    CLOSED = "closed", _("已解决/关闭")


class Need(TimeStamped):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="needs")
    area = models.ForeignKey("areas.Area", verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="+")
    visit = models.ForeignKey(VisitRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="needs")
    kind = models.CharField(_("需求类别"), max_length=15, choices=NeedKind.choices)
    description = models.CharField(_("需求描述"), max_length=300)
    urgent = models.BooleanField(_("紧急"), default=False)
    status = models.CharField(_("状态"), max_length=10, choices=NeedStatus.choices, default=NeedStatus.OPEN)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    close_reason = models.CharField(_("关闭说明"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("服务需求")
        verbose_name_plural = _("服务需求")
        indexes = [models.Index(fields=["area", "status", "urgent"], name="need_area_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.description[:30]}"


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("已转介")
    ACCEPTED = "accepted", _("已受理")
    DONE = "done", _("已办结")
    DECLINED = "declined", _("未受理")


OPEN_REFERRAL_STATUSES = (ReferralStatus.SENT, ReferralStatus.ACCEPTED)


class Referral(TimeStamped):
    """A need handed to a department or provider, followed until it is done or declined."""

    need = models.ForeignKey(Need, on_delete=models.PROTECT, related_name="referrals")
    area = models.ForeignKey("areas.Area", verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="+")
    to_department = models.CharField(_("转介至"), max_length=100, help_text=_("部门或机构名称"))
    to_provider = models.ForeignKey(ServiceProvider, verbose_name=_("服务机构"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="referrals")
    deadline = models.DateField(_("办理时限"))
    status = models.CharField(_("状态"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT)
    result = models.CharField(_("办理结果"), max_length=300, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("转介")
        verbose_name_plural = _("转介")
        indexes = [models.Index(fields=["area", "status", "deadline"], name="referral_area_status")]

    def __str__(self) -> str:
        return f"{self.to_department}（{self.get_status_display()}，{self.deadline} 前）"


class DeviceKind(models.TextChoices):
    SOS_BUTTON = "sos_button", _("一键呼叫")
    WATER_METER = "water_meter", _("智能水表")
    DOOR_SENSOR = "door_sensor", _("门磁")
    FALL_DETECTOR = "fall_detector", _("跌倒监测")


class Device(TimeStamped):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="devices")
    area = models.ForeignKey("areas.Area", verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="+")
    serial = models.CharField(_("设备编号"), max_length=64, unique=True)
    kind = models.CharField(_("设备类型"), max_length=15, choices=DeviceKind.choices)
    bound_on = models.DateField(_("绑定日期"))
    unbound_on = models.DateField(_("解绑日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("监测设备")
        verbose_name_plural = _("监测设备")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.serial}"


class SignalKind(models.TextChoices):
    """What a device reports; an alert rule turns some signals into alerts."""

    SOS = "sos", _("一键呼叫")
    FALL = "fall", _("跌倒")
    WATER_USAGE = "water_usage", _("用水量")
    DOOR_NOT_OPENED = "door_not_opened", _("门长时间未开")


class AlertRule(TimeStamped):
    """When a device signal raises an alert, and how soon it must be answered (the SLA). Thresholds are
    data: water use below `threshold` m³ over `window_hours`; door shut for `threshold` hours or more."""

    area = models.ForeignKey("areas.Area", verbose_name=_("适用区划"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+", help_text=_("留空表示默认值"))
    signal = models.CharField(_("信号"), max_length=20, choices=SignalKind.choices)
    threshold = models.DecimalField(_("阈值"), max_digits=10, decimal_places=3, null=True, blank=True)
    window_hours = models.PositiveSmallIntegerField(_("统计时段(小时)"), null=True, blank=True)
    sla_hours = models.PositiveSmallIntegerField(_("响应时限(小时)"))
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    source = models.TextField(_("依据"))

    class Meta:
        verbose_name = _("预警规则")
        verbose_name_plural = _("预警规则")
        indexes = [models.Index(fields=["signal", "area", "effective_from"], name="alertrule_signal_area")]

    def __str__(self) -> str:
        return f"{self.get_signal_display()}（{self.area_id or _('默认')}，{self.sla_hours}小时内响应）"


class AlertStatus(models.TextChoices):
    OPEN = "open", _("待响应")
    ANSWERED = "answered", _("已响应")


class Alert(TimeStamped):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="alerts")
    area = models.ForeignKey("areas.Area", verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="+")
    device = models.ForeignKey(Device, null=True, blank=True, on_delete=models.PROTECT, related_name="alerts")
    signal = models.CharField(_("信号"), max_length=20, choices=SignalKind.choices)
    raised_at = models.DateTimeField(_("预警时间"))
    due_by = models.DateTimeField(_("响应时限"))
    status = models.CharField(_("状态"), max_length=10, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    event_count = models.PositiveIntegerField(_("信号次数"), default=1)
    last_signal_at = models.DateTimeField(_("最近信号"))
    answered_at = models.DateTimeField(_("响应时间"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    answer_method = models.CharField(_("响应方式"), max_length=6, choices=Method.choices, blank=True)
    answer_note = models.CharField(_("响应情况"), max_length=300, blank=True)
    visit = models.ForeignKey(VisitRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="alerts")

    class Meta:
        verbose_name = _("预警")
        verbose_name_plural = _("预警")
        indexes = [models.Index(fields=["area", "status", "due_by"], name="alert_area_status")]
        constraints = [models.UniqueConstraint(fields=["person", "signal"], condition=Q(status="open"),
                                               name="alert_one_open_per_signal")]

    def __str__(self) -> str:
        return f"{self.get_signal_display()} {self.person_id}（{self.get_status_display()}）"


class DeviceSignal(TimeStamped):
    """Every signal received, kept as the log; `alert` is the alert it raised or joined, if any."""

    device = models.ForeignKey(Device, on_delete=models.PROTECT, related_name="signals")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    signal = models.CharField(_("信号"), max_length=20, choices=SignalKind.choices)
    occurred_at = models.DateTimeField(_("发生时间"))
    value = models.DecimalField(_("读数"), max_digits=10, decimal_places=3, null=True, blank=True)
    window_hours = models.PositiveSmallIntegerField(_("统计时段(小时)"), null=True, blank=True)
    alert = models.ForeignKey(Alert, null=True, blank=True, on_delete=models.PROTECT, related_name="signals")

    class Meta:
        verbose_name = _("设备信号")
        verbose_name_plural = _("设备信号")
        indexes = [models.Index(fields=["device", "occurred_at"], name="signal_device_at")]

    def __str__(self) -> str:
        return f"{self.device_id} {self.signal} {self.occurred_at:%Y-%m-%d %H:%M}"


class Reminder(TimeStamped):
    """What a worker owes on a day, worked out by the daily job (tasks.py) and shown at login."""

    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    on = models.DateField(_("日期"))
    overdue = models.PositiveIntegerField(_("已逾期"), default=0)
    due_today = models.PositiveIntegerField(_("今日应访"), default=0)
    due_week = models.PositiveIntegerField(_("本周应访"), default=0)
    open_alerts = models.PositiveIntegerField(_("待响应预警"), default=0)
    open_referrals = models.PositiveIntegerField(_("逾期转介"), default=0)

    class Meta:
        verbose_name = _("探访提醒")
        verbose_name_plural = _("探访提醒")
        constraints = [models.UniqueConstraint(fields=["worker", "on"], name="reminder_worker_on")]

    def __str__(self) -> str:
        return f"{self.worker_id} {self.on}: {self.due_today}/{self.overdue}"
