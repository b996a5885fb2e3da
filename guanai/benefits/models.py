"""Benefits (GLOSSARY.md, Money): programmes, standards, enrollments, monthly rosters and payments.

Money is integer fen everywhere. A month is stored as the date of its first day. A locked roster and
its payment lines never change (RosterLocked); a correction is an adjustment line in a later roster,
and the bank's return is kept beside a payment (PaymentReturn), never written into it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from guanai.benefits.linkage import local_trigger_errors
from guanai.core.errors import Conflict
from guanai.core.frozen import FrozenParentLine, FrozenParentLinesQuerySet
from guanai.core.money import yuan_text


class RosterLocked(Conflict):
    """A write to a locked roster or one of its lines. Locked rosters are the record of money paid."""

    def __init__(self, roster_id: int | None = None):
        self.roster_id = roster_id
        super().__init__(f"花名册已锁定，不能修改（更正请在以后月份做调整）/ roster {roster_id} is locked; "
                         "corrections are adjustments in a later month")


class ProgrammeCode(models.TextChoices):
    LONGEVITY_ALLOWANCE = "longevity_allowance", _("高龄津贴")
    ORPHAN_ALLOWANCE = "orphan_allowance", _("孤儿基本生活费")
    DE_FACTO_ORPHAN_ALLOWANCE = "de_facto_orphan_allowance", _("事实无人抚养儿童生活补贴")
    GUARDIAN_CARE_SUBSIDY = "guardian_care_subsidy", _("监护人劳务补助")
    PRICE_SUBSIDY = "price_subsidy", _("价格临时补贴")
    TEMPORARY_ASSISTANCE = "temporary_assistance", _("临时救助")
    DISABILITY_SUBSIDIES = "disability_subsidies", _("残疾人两项补贴")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("按月发放")
    ONE_OFF = "one_off", _("一次性发放")


class Variant(models.TextChoices):
    """Which standard of a programme applies to an enrollment (and which row of Standard)."""

    NONE = "", _("—")
    SCATTERED = "scattered", _("散居")
    INSTITUTIONAL = "institutional", _("集中供养")
    AGE_BAND = "age_band", _("按年龄段")
    URBAN = "urban", _("城市低保标准")
    RURAL = "rural", _("农村低保标准")
    MINIMUM = "minimum", _("最低发放额")
    LIVING = "living", _("困难残疾人生活补贴")
    CARE = "care", _("重度残疾人护理补贴")


class Programme(models.Model):
    code = models.CharField(_("代码"), max_length=40, primary_key=True, choices=ProgrammeCode.choices)
    name = models.CharField(_("名称"), max_length=60)
    frequency = models.CharField(_("发放方式"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY)
    source = models.TextField(_("政策依据"), blank=True)
    active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("补贴项目")
        verbose_name_plural = _("补贴项目")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Standard(models.Model):
    """The monthly amount of a programme for an area and period. A row for an area applies to every
    code under it; the longest matching code wins. For the price subsidy the rows hold the local
    dibao standards (urban/rural) the amount is computed from, and the local minimum."""

    programme = models.ForeignKey(Programme, verbose_name=_("补贴项目"), on_delete=models.PROTECT,
                                  related_name="standards")
    area = models.ForeignKey("areas.Area", verbose_name=_("适用区划"), on_delete=models.PROTECT, related_name="+")
    variant = models.CharField(_("类型"), max_length=20, choices=Variant.choices, blank=True)
    min_age = models.PositiveSmallIntegerField(_("起始年龄(周岁,含)"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("截止年龄(周岁,含)"), null=True, blank=True)
    amount_fen = models.PositiveIntegerField(_("每月金额(分)"))
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    source = models.TextField(_("依据"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("补贴标准")
        verbose_name_plural = _("补贴标准")
        indexes = [models.Index(fields=["programme", "variant", "effective_from"], name="standard_prog_variant")]
        constraints = [models.CheckConstraint(
            condition=models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=models.F("effective_from")),
            name="standard_to_after_from")]

    def __str__(self) -> str:
        ages = f" {self.min_age or 0}-{self.max_age or ''}岁" if self.min_age or self.max_age else ""
        return (f"{self.programme_id} {self.get_variant_display()}{ages} {self.area_id} "
                f"{yuan_text(self.amount_fen)}元/月 {self.effective_from} 起")


class PriceIndex(models.Model):
    """One month of the consumer price index, year on year, as published (a percentage, e.g. 6.10)."""

    area = models.ForeignKey("areas.Area", verbose_name=_("发布地区"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+", help_text=_("留空表示全国"))
    month = models.DateField(_("指数月份"))
    cpi_yoy = models.DecimalField(_("CPI同比涨幅(%)"), max_digits=5, decimal_places=2)
    food_cpi_yoy = models.DecimalField(_("食品CPI同比涨幅(%)"), max_digits=5, decimal_places=2)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("价格指数")
        verbose_name_plural = _("价格指数")
        constraints = [models.UniqueConstraint(fields=["area", "month"], name="priceindex_area_month")]

    def __str__(self) -> str:
        return f"{self.area_id or '全国'} {self.month:%Y-%m} CPI {self.cpi_yoy}% 食品 {self.food_cpi_yoy}%"


class PriceTrigger(models.Model):
    """The price-linkage thresholds in force for index months in a period (RULES.md, price_subsidy)."""

    area = models.ForeignKey("areas.Area", verbose_name=_("适用区划"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+", help_text=_("留空表示全国"))
    cpi_threshold = models.DecimalField(_("CPI启动条件(%)"), max_digits=5, decimal_places=2)
    food_cpi_threshold = models.DecimalField(_("食品CPI启动条件(%)"), max_digits=5, decimal_places=2)
    effective_from = models.DateField(_("适用指数月份起"))
    effective_to = models.DateField(_("适用指数月份止"), null=True, blank=True)
    source = models.TextField(_("依据"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("价格联动启动条件")
        verbose_name_plural = _("价格联动启动条件")

    def __str__(self) -> str:
        return f"{self.area_id or '全国'} CPI≥{self.cpi_threshold}% 或食品CPI≥{self.food_cpi_threshold}%"

    def clean(self) -> None:
        """RULES.md price_subsidy: local governments may set lower thresholds, never higher."""
        if self.area_id is None:
            return
        national = PriceTrigger.objects.filter(area__isnull=True).exclude(pk=self.pk)
        errors = local_trigger_errors(self, list(national))
        if errors:
            raise ValidationError(errors)


class EnrollmentStatus(models.TextChoices):
    APPLIED = "applied", _("村级已申请")
    REVIEWED = "reviewed", _("乡镇已审核")
    APPROVED = "approved", _("县级已审批")
    REJECTED = "rejected", _("未通过")
    ENDED = "ended", _("已停发")


OPEN_STATUSES = (EnrollmentStatus.APPLIED, EnrollmentStatus.REVIEWED, EnrollmentStatus.APPROVED)


class OtherBenefit(models.TextChoices):
    NONE = "", _("无")
    DIBAO = "dibao", _("低保金")
    DISABILITY = "disability", _("残疾人补贴")


class Enrollment(models.Model):
    """A person's entitlement to a programme: applied by the village, reviewed by the township,
    approved by the county; paid from `starts_on` (the month after approval) to `ends_on`."""

    person = models.ForeignKey("people.Person", verbose_name=_("服务对象"), on_delete=models.PROTECT,
                               related_name="enrollments")
    programme = models.ForeignKey(Programme, verbose_name=_("补贴项目"), on_delete=models.PROTECT,
                                  related_name="enrollments")
    area = models.ForeignKey("areas.Area", verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="+")
    variant = models.CharField(_("类型"), max_length=20, choices=Variant.choices, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=EnrollmentStatus.choices,
                              default=EnrollmentStatus.APPLIED)
    eligibility = models.CharField(_("资格依据"), max_length=300)
    other_benefit = models.CharField(_("已享受的其他补助"), max_length=12, choices=OtherBenefit.choices, blank=True)
    other_benefit_fen = models.PositiveIntegerField(_("其他补助每月金额(分)"), default=0,
                                                    help_text=_("事实无人抚养儿童领取低保或残疾人补贴的，只发差额"))
    one_off_fen = models.PositiveIntegerField(_("一次性救助金额(分)"), null=True, blank=True)
    payee_name = models.CharField(_("领款人"), max_length=50)
    payee_relation = models.CharField(_("领款人与对象关系"), max_length=20, blank=True)
    bank_name = models.CharField(_("开户银行"), max_length=60, blank=True)
    bank_account_cipher = models.BinaryField(null=True, blank=True, editable=False)
    bank_account_masked = models.CharField(_("银行账号"), max_length=40, blank=True, editable=False)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    applied_at = models.DateTimeField(_("申请时间"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    rejected_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    rejected_at = models.DateTimeField(_("退回时间"), null=True, blank=True)
    rejection_reason = models.CharField(_("未通过理由"), max_length=300, blank=True)
    starts_on = models.DateField(_("起发月份"), null=True, blank=True)
    ends_on = models.DateField(_("末次发放月份"), null=True, blank=True)
    end_reason = models.CharField(_("停发理由"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("享受资格")
        verbose_name_plural = _("享受资格")
        indexes = [
            models.Index(fields=["programme", "status", "area"], name="enrol_prog_status_area"),
            models.Index(fields=["area", "status"], name="enrol_area_status"),
            models.Index(fields=["person", "programme"], name="enrol_person_prog"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["person", "programme"], name="enrol_one_open_per_programme",
                                    condition=models.Q(status__in=["applied", "reviewed", "approved"])),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")) | models.Q(status="ended"),
                name="enrol_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} #{self.pk} {self.get_status_display()}"


class StopKind(models.TextChoices):
    AGE_LIMIT = "age_limit", _("年满18周岁")
    DEATH = "death", _("死亡")
    CATEGORY_CLOSED = "category_closed", _("对象类别已终止")
    PARENT_FOUND = "parent_found", _("查找到父母/父母恢复抚养能力")
    OTHER = "other", _("其他")


class StopStatus(models.TextChoices):
    PROPOSED = "proposed", _("待县级确认")
    CONFIRMED = "confirmed", _("已确认停发")
    DISMISSED = "dismissed", _("不予停发")


class EnrollmentStop(models.Model):
    """A stop the rules found (or staff reported): payment stops from `stop_month` at once; the county
    confirms (the enrollment ends) or dismisses it (payment resumes, missed months as adjustments)."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="stops")
    area = models.ForeignKey("areas.Area", verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("停发原因类别"), max_length=20, choices=StopKind.choices)
    event_on = models.DateField(_("事由发生日期"))
    stop_month = models.DateField(_("停发月份(起)"))
    reason = models.CharField(_("停发理由"), max_length=300)
    status = models.CharField(_("状态"), max_length=10, choices=StopStatus.choices, default=StopStatus.PROPOSED)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", help_text=_("留空表示由规则自动发现"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("停发")
        verbose_name_plural = _("停发")
        indexes = [models.Index(fields=["area", "status"], name="stop_area_status")]
        constraints = [models.UniqueConstraint(fields=["enrollment", "kind"], name="stop_one_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.stop_month:%Y-%m} 起（{self.get_status_display()}）"


class RosterStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    BUILDING = "building", _("生成中")
    BUILT = "built", _("待锁定")
    FAILED = "failed", _("生成失败")
    LOCKED = "locked", _("已锁定")


class Roster(models.Model):
    programme = models.ForeignKey(Programme, verbose_name=_("补贴项目"), on_delete=models.PROTECT,
                                  related_name="rosters")
    area = models.ForeignKey("areas.Area", verbose_name=_("发放区划"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("发放月份"))
    status = models.CharField(_("状态"), max_length=10, choices=RosterStatus.choices, default=RosterStatus.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    line_count = models.PositiveIntegerField(_("明细条数"), default=0)
    total_fen = models.BigIntegerField(_("合计(分)"), default=0)
    error = models.TextField(_("错误"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    built_at = models.DateTimeField(_("生成时间"), null=True, blank=True)
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    locked_at = models.DateTimeField(_("锁定时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("发放花名册")
        verbose_name_plural = _("发放花名册")
        indexes = [models.Index(fields=["area", "month"], name="roster_area_month")]
        constraints = [models.UniqueConstraint(fields=["programme", "area", "month"], name="roster_one_per_month")]

    def __str__(self) -> str:
        return f"{self.programme} {self.area_id} {self.month:%Y-%m}（{self.get_status_display()}）"

    # Invariant, not a business rule: the stored record of a locked roster is never rewritten.
    def save(self, *args, **kwargs):
        if getattr(self, "_locked_in_db", False) or (
                self.pk and Roster.objects.filter(pk=self.pk, status=RosterStatus.LOCKED).exists()):
            raise RosterLocked(self.pk)
        super().save(*args, **kwargs)
        self._locked_in_db = self.status == RosterStatus.LOCKED

    def delete(self, *args, **kwargs):
        if Roster.objects.filter(pk=self.pk, status=RosterStatus.LOCKED).exists():
            raise RosterLocked(self.pk)
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._locked_in_db = instance.status == RosterStatus.LOCKED
        return instance


class PaymentKind(models.TextChoices):
    REGULAR = "regular", _("正常发放")
    ADJUSTMENT = "adjustment", _("调整(补发/追回)")
    REISSUE = "reissue", _("退回重发")


class PaymentQuerySet(FrozenParentLinesQuerySet):
    frozen_statuses = (RosterStatus.LOCKED,)
    frozen_error = RosterLocked


class Payment(FrozenParentLine):
    """One line of a roster. `amount_fen` is negative for a recovery (追回) adjustment."""

    roster = models.ForeignKey(Roster, on_delete=models.PROTECT, related_name="payments")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="payments")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="payments")
    area = models.ForeignKey("areas.Area", verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="+")
    township_code = models.CharField(_("乡镇代码"), max_length=9)
    month = models.DateField(_("所属月份"))
    kind = models.CharField(_("类型"), max_length=12, choices=PaymentKind.choices, default=PaymentKind.REGULAR)
    amount_fen = models.IntegerField(_("金额(分)"))
    previous_fen = models.IntegerField(_("上月金额(分)"), null=True, blank=True)
    change_reason = models.CharField(_("变动原因"), max_length=200, blank=True)
    payee_name = models.CharField(_("领款人"), max_length=50)
    bank_account_masked = models.CharField(_("银行账号"), max_length=40, blank=True)
    reissue_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="reissues")
    # Why this line: the rules' version, the facts read and the standard used (rules.LineBasis), kept
    # so a locked month answers "why was 750.00 paid" and recomputes to the same amount.
    rule_version = models.CharField(_("规则版本"), max_length=20, blank=True)
    basis = models.JSONField(_("发放依据"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("发放明细")
        verbose_name_plural = _("发放明细")
        indexes = [
            models.Index(fields=["roster", "township_code"], name="payment_roster_township"),
            models.Index(fields=["roster", "area"], name="payment_roster_area"),
            models.Index(fields=["enrollment", "month"], name="payment_enrol_month"),
            models.Index(fields=["person", "month"], name="payment_person_month"),
        ]

    def __str__(self) -> str:
        sign = "-" if self.amount_fen < 0 else ""
        return f"{self.month:%Y-%m} {self.get_kind_display()} {sign}{yuan_text(abs(self.amount_fen))}元"


class ReturnOutcome(models.TextChoices):
    PAID = "paid", _("发放成功")
    FAILED = "failed", _("发放失败")


class PaymentReturn(models.Model):
    """The bank's answer for one payment line, from its return file (回盘)."""

    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="bank_return")
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("结果"), max_length=10, choices=ReturnOutcome.choices)
    failure_reason = models.CharField(_("失败原因"), max_length=200, blank=True)
    bank_reference = models.CharField(_("银行流水号"), max_length=60, blank=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("银行回盘")
        verbose_name_plural = _("银行回盘")
        indexes = [models.Index(fields=["area", "outcome"], name="return_area_outcome")]

    def __str__(self) -> str:
        return f"{self.payment_id} {self.get_outcome_display()} {self.failure_reason}"


class AdjustmentCause(models.TextChoices):
    MANUAL = "manual", _("县级录入")
    STOP = "stop", _("停发追回")
    RECHECK = "recheck", _("补录事实后复核")


class Adjustment(models.Model):
    """A correction of a month already paid in a locked roster (e.g. a death reported late): it waits
    here until the next roster of the programme for the area settles it as an adjustment line.
    `recheck` ones are made by the roster build from facts recorded late (late_facts.py); until a
    locked roster settles them they are derived data, made again at every build."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="adjustments")
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("更正的月份"))
    amount_fen = models.IntegerField(_("金额(分)"), help_text=_("正数补发，负数追回"))
    reason = models.CharField(_("理由"), max_length=200)
    recovers = models.OneToOneField(Payment, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="recovery", help_text=_("追回的那一条发放明细"))
    stop = models.ForeignKey(EnrollmentStop, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="adjustments")
    cause = models.CharField(_("来源"), max_length=10, choices=AdjustmentCause.choices, default=AdjustmentCause.MANUAL)
    basis = models.JSONField(_("计算依据"), default=dict, blank=True,
                             help_text=_("复核所读的事实、标准和算式"))
    settled_by = models.OneToOneField(Payment, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="settles", help_text=_("结算这笔调整的花名册明细"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("发放调整")
        verbose_name_plural = _("发放调整")
        indexes = [models.Index(fields=["enrollment", "settled_by"], name="adjust_enrol_settled")]

    def __str__(self) -> str:
        sign = "+" if self.amount_fen >= 0 else ""
        return f"{self.month:%Y-%m} {sign}{yuan_text(self.amount_fen)}元 {self.reason}"


class AssistanceKind(models.TextChoices):
    """Benefits and statuses held outside the programmes paid here (RULES.md Money, price_subsidy)."""

    DIBAO = "dibao", _("低保")
    TEKUN = "tekun", _("特困供养")
    DISABILITY = "disability", _("残疾人补贴")
    YOUFU = "youfu", _("优抚对象（定期抚恤补助）")
    UNEMPLOYMENT_INSURANCE = "unemployment_insurance", _("领取失业保险金")
    UNEMPLOYMENT_ASSISTANCE = "unemployment_assistance", _("领取失业补助金")
    DIBAO_EDGE = "dibao_edge", _("低保边缘")
    HIV_CHILD = "hiv_child", _("感染艾滋病病毒儿童")


class AssistanceOrigin(models.TextChoices):
    ENTERED = "entered", _("录入")
    IMPORTED = "imported", _("导入")


class Assistance(models.Model):
    """A benefit or status a person holds outside the programmes paid here (低保, 特困, 优抚 ...), alone
    or through their household, over a run of months, with its monthly amount when known. Read by the
    exclusivity table (ProgrammeRelation), the 补差 arithmetic and the price subsidy's cover groups."""

    kind = models.CharField(_("类别"), max_length=30, choices=AssistanceKind.choices)
    person = models.ForeignKey("people.Person", verbose_name=_("享受人"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="assistances")
    household = models.ForeignKey("people.Household", verbose_name=_("享受家庭"), null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="assistances")
    area = models.ForeignKey("areas.Area", verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="+")
    monthly_fen = models.PositiveIntegerField(_("每月金额(分)"), null=True, blank=True,
                                              help_text=_("家庭享受的，填全户每月金额"))
    members = models.PositiveSmallIntegerField(_("保障人数"), default=1,
                                               help_text=_("家庭享受的，全户金额按保障人数平分到人"))
    first_month = models.DateField(_("起始月份"))
    last_month = models.DateField(_("截止月份"), null=True, blank=True, help_text=_("留空表示仍在享受"))
    evidence = models.CharField(_("证明材料"), max_length=100, blank=True)
    end_reason = models.CharField(_("终止理由"), max_length=200, blank=True)
    origin = models.CharField(_("来源"), max_length=10, choices=AssistanceOrigin.choices,
                              default=AssistanceOrigin.ENTERED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Every version is kept: a late or corrected record changes locked months through adjustments
    # (late_facts.py), and the county must be able to show what the record said before.
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = _("其他保障待遇")
        verbose_name_plural = _("其他保障待遇")
        indexes = [models.Index(fields=["person", "kind"], name="assist_person_kind"),
                   models.Index(fields=["household", "kind"], name="assist_household_kind"),
                   models.Index(fields=["updated_at"], name="assist_updated")]  # late_facts.py
        constraints = [
            models.CheckConstraint(condition=(Q(person__isnull=True) & Q(household__isnull=False))
                                   | (Q(person__isnull=False) & Q(household__isnull=True)),
                                   name="assist_person_or_household"),
            models.CheckConstraint(condition=Q(last_month__isnull=True) | Q(last_month__gte=models.F("first_month")),
                                   name="assist_last_after_first"),
            models.CheckConstraint(condition=Q(members__gte=1), name="assist_members_positive"),
        ]

    def __str__(self) -> str:
        amount = f" {yuan_text(self.monthly_fen)}元/月" if self.monthly_fen is not None else ""
        end = f"{self.last_month:%Y-%m}" if self.last_month else _("至今")
        return f"{self.get_kind_display()}{amount} {self.first_month:%Y-%m}–{end}"


class RelationEffect(models.TextChoices):
    EXCLUDED = "excluded", _("不重复发放")
    TOP_UP = "top_up", _("只发差额（补差）")


# What a ProgrammeRelation or PriceCoverGroup row can name: a programme paid here, an outside benefit,
# or (cover groups only) a category of the registry.
BENEFIT_SOURCES = ProgrammeCode.choices + AssistanceKind.choices
COVER_GROUPS = [("orphan", _("孤儿")), ("de_facto_orphan", _("事实无人抚养儿童")), *AssistanceKind.choices]


class ProgrammeRelation(models.Model):
    """One row of the exclusivity table (RULES.md Money, no double payment): in a month when the person
    receives `other` (a programme paid here or an outside benefit), `programme` is not paid at all
    (excluded) or pays only the difference above it (top_up). A row for an area applies under it."""

    programme = models.ForeignKey(Programme, verbose_name=_("补贴项目"), on_delete=models.PROTECT,
                                  related_name="relations")
    other = models.CharField(_("已享受的待遇"), max_length=40, choices=BENEFIT_SOURCES)
    effect = models.CharField(_("处理方式"), max_length=10, choices=RelationEffect.choices)
    area = models.ForeignKey("areas.Area", verbose_name=_("适用区划"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+", help_text=_("留空表示全国"))
    effective_from = models.DateField(_("生效月份"))
    effective_to = models.DateField(_("失效月份"), null=True, blank=True)
    source = models.TextField(_("依据"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Versioned: each edit keeps the row as it was; the roster build reads the rows in force at build time.
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = _("不重复发放规则")
        verbose_name_plural = _("不重复发放规则")
        constraints = [models.CheckConstraint(
            condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
            name="relation_to_after_from")]

    def __str__(self) -> str:
        return f"{self.programme_id} / {self.other}: {self.get_effect_display()}"

    def clean(self) -> None:
        if self.other == self.programme_id:
            raise ValidationError({"other": _("一个项目不能排斥它自己")})


class PriceCoverGroup(models.Model):
    """Who the price subsidy covers (RULES.md price_subsidy; 发改价格〔2021〕1553号), as rows: a category or
    an outside benefit, the dibao standard (urban/rural) the amount is computed from, for the index
    months of a period (the 2022-23 temporary groups are rows with an end)."""

    group = models.CharField(_("保障对象"), max_length=30, choices=COVER_GROUPS)
    variant = models.CharField(_("计算标准"), max_length=10, choices=[(Variant.URBAN.value, Variant.URBAN.label),
                                                                   (Variant.RURAL.value, Variant.RURAL.label)])
    area = models.ForeignKey("areas.Area", verbose_name=_("适用区划"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+", help_text=_("留空表示全国"))
    effective_from = models.DateField(_("适用指数月份起"))
    effective_to = models.DateField(_("适用指数月份止"), null=True, blank=True)
    source = models.TextField(_("依据"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = _("价格临时补贴保障对象")
        verbose_name_plural = _("价格临时补贴保障对象")

    def __str__(self) -> str:
        return f"{self.get_group_display()}（{self.get_variant_display()}）{self.effective_from:%Y-%m} 起"


class ExclusionKind(models.TextChoices):
    STOPPED = "stopped", _("停发")
    NOT_ELIGIBLE = "not_eligible", _("当月不符合条件")
    EXCLUDED = "excluded", _("不重复发放")
    HELD = "held", _("暂停发放，待补录")


class RosterExclusion(models.Model):
    """The stop list of a roster: each approved enrollment the build left out that month, and why
    (re-evaluated from that month's facts). Rebuilt with the lines; never changed once locked."""

    roster = models.ForeignKey(Roster, on_delete=models.PROTECT, related_name="exclusions")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="exclusions")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey("areas.Area", verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("所属月份"))
    kind = models.CharField(_("类型"), max_length=15, choices=ExclusionKind.choices)
    reason = models.CharField(_("未发放理由"), max_length=300)
    rule_version = models.CharField(_("规则版本"), max_length=20)
    basis = models.JSONField(_("依据"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PaymentQuerySet.as_manager()  # the same lock guard as the lines

    class Meta:
        verbose_name = _("未发放名单")
        verbose_name_plural = _("未发放名单")
        indexes = [models.Index(fields=["roster", "area"], name="exclusion_roster_area"),
                   models.Index(fields=["area", "month"], name="exclusion_area_month"),
                   models.Index(fields=["person", "month"], name="exclusion_person_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.get_kind_display()}：{self.reason}"

    def save(self, *args, **kwargs):
        if Roster.objects.filter(pk=self.roster_id, status=RosterStatus.LOCKED).exists():
            raise RosterLocked(self.roster_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if Roster.objects.filter(pk=self.roster_id, status=RosterStatus.LOCKED).exists():
            raise RosterLocked(self.roster_id)
        return super().delete(*args, **kwargs)
