"""Facilities (GLOSSARY.md, Facilities): places the bureau runs or funds, their size and status over
time, star ratings with score sheets, and the yearly operating subsidy and performance award paid to
them (GLOSSARY.md, Money: operating_subsidy, performance_award).

Kinds, rating bands, score-sheet items and subsidy rates are data (rows with an area and an effective
period, RULES.md "Facilities"), never literals. Money is integer fen. A locked subsidy roster and its
lines never change (SubsidyRosterLocked), like the benefits rosters.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guanai.core.errors import Conflict
from guanai.core.frozen import FrozenParentLine, FrozenParentLinesQuerySet
from guanai.core.money import yuan_text


def _period_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=models.F("effective_from")),
        name=name)


class KindGroup(models.TextChoices):
    ELDERLY = "elderly", _("养老服务")
    CHILDREN = "children", _("儿童关爱保护")


class FacilityKind(models.Model):
    """A kind of facility (农村幸福院, 儿童之家, ...). `coverage_level` is the area level every unit of
    which should have one (children_home: village; minor_protection_station: township), blank for
    kinds without a coverage target; `care_institution` marks the kinds counted as 保障型养老服务机构."""

    code = models.SlugField(_("代码"), max_length=40, primary_key=True)
    name = models.CharField(_("名称"), max_length=40)
    group = models.CharField(_("类别"), max_length=10, choices=KindGroup.choices)
    coverage_level = models.CharField(_("应覆盖到"), max_length=10, blank=True,
                                      choices=[("", _("不考核覆盖")), ("township", _("每个乡镇(街道)")),
                                               ("village", _("每个村(社区)")), ("county", _("每个县"))])
    rated = models.BooleanField(_("开展星级评定"), default=False)
    care_institution = models.BooleanField(_("计入养老服务机构"), default=False)
    order = models.PositiveSmallIntegerField(_("排序"), default=100)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("设施类型")
        verbose_name_plural = _("设施类型")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Operator(models.TextChoices):
    PUBLIC = "public", _("公办")
    CONTRACTED = "contracted", _("公建民营/委托运营")
    PRIVATE = "private", _("社会力量兴办")


class FacilityStatus(models.TextChoices):
    PLANNED = "planned", _("规划中")
    BUILDING = "building", _("建设中")
    OPEN = "open", _("运营中")
    SUSPENDED = "suspended", _("暂停运营")
    CLOSED = "closed", _("已关闭")


class Facility(models.Model):
    kind = models.ForeignKey(FacilityKind, verbose_name=_("类型"), on_delete=models.PROTECT,
                             related_name="facilities")
    area = models.ForeignKey("areas.Area", verbose_name=_("所在区划"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("名称"), max_length=100)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    operator = models.CharField(_("运营方式"), max_length=12, choices=Operator.choices, default=Operator.PUBLIC)
    operator_name = models.CharField(_("运营单位"), max_length=100, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=FacilityStatus.choices,
                              default=FacilityStatus.OPEN)
    opened_on = models.DateField(_("开始运营日期"), null=True, blank=True)
    closed_on = models.DateField(_("关闭日期"), null=True, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    bank_name = models.CharField(_("开户银行"), max_length=60, blank=True)
    bank_account_name = models.CharField(_("账户名称"), max_length=100, blank=True)
    bank_account = models.CharField(_("银行账号"), max_length=30, blank=True,
                                    help_text=_("单位对公账户，用于拨付运行补助"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("服务设施")
        verbose_name_plural = _("服务设施")
        ordering = ["area_id", "kind__order", "name"]
        indexes = [models.Index(fields=["area", "kind"], name="facility_area_kind"),
                   models.Index(fields=["kind", "status"], name="facility_kind_status")]
        constraints = [models.CheckConstraint(
            condition=models.Q(closed_on__isnull=True) | models.Q(opened_on__isnull=True)
            | models.Q(closed_on__gte=models.F("opened_on")), name="facility_closed_after_opened")]

    def __str__(self) -> str:
        return self.name


class StatusChange(models.Model):
    """The facility's status from `on` until the next change: the history the subsidy counts months
    from (a suspended month is not a month open)."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="status_changes")
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=FacilityStatus.choices)
    on = models.DateField(_("日期"))
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("状态变更")
        verbose_name_plural = _("状态变更")
        ordering = ["facility", "on", "pk"]
        indexes = [models.Index(fields=["facility", "on"], name="status_facility_on")]

    def __str__(self) -> str:
        return f"{self.on} {self.get_status_display()}"


class Capacity(models.Model):
    """The facility's size from `effective_from` until the next row."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="capacities")
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    effective_from = models.DateField(_("起始日期"))
    beds = models.PositiveIntegerField(_("床位(张)"), default=0)
    nursing_beds = models.PositiveIntegerField(_("护理型床位(张)"), default=0)
    rooms = models.PositiveIntegerField(_("活动用房(间)"), default=0)
    seats = models.PositiveIntegerField(_("就餐座位(个)"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("设施规模")
        verbose_name_plural = _("设施规模")
        ordering = ["facility", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["facility", "effective_from"], name="capacity_one_per_day")]

    def __str__(self) -> str:
        return f"{self.effective_from} 床位{self.beds} 护理床位{self.nursing_beds} 用房{self.rooms} 座位{self.seats}"


class FileKind(models.TextChoices):
    PHOTO = "photo", _("照片")
    DOCUMENT = "document", _("文件")


class FacilityFile(models.Model):
    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="files")
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=10, choices=FileKind.choices)
    title = models.CharField(_("标题"), max_length=100)
    file = models.FileField(_("文件"), upload_to="facilities/%Y/")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("设施照片/文件")
        verbose_name_plural = _("设施照片/文件")
        ordering = ["facility", "-created_at"]

    def __str__(self) -> str:
        return self.title


# --- star ratings ---------------------------------------------------------------------------------

class RatingScheme(models.Model):
    """How a kind is rated in an area and period: the score-sheet items, the bands that turn points
    into stars, and how long a rating holds (RULES.md, Facilities: re-rated every 3 years)."""

    kind = models.ForeignKey(FacilityKind, verbose_name=_("设施类型"), on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey("areas.Area", verbose_name=_("适用区划"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("名称"), max_length=100)
    valid_years = models.PositiveSmallIntegerField(_("评定有效期(年)"), default=3)
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    source = models.TextField(_("依据"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("星级评定办法")
        verbose_name_plural = _("星级评定办法")
        constraints = [_period_constraint("scheme_to_after_from")]

    def __str__(self) -> str:
        return f"{self.name}（{self.area_id}，{self.effective_from} 起）"


class ScoreItem(models.Model):
    scheme = models.ForeignKey(RatingScheme, on_delete=models.CASCADE, related_name="items")
    name = models.CharField(_("评分项目"), max_length=100)
    max_points = models.PositiveSmallIntegerField(_("满分"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("评分项目")
        verbose_name_plural = _("评分项目")
        ordering = ["scheme", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.max_points}分）"


class RatingBand(models.Model):
    """Points at or above `min_points` give `stars` (the highest band reached wins). Which band holds
    a boundary (exactly 80) is set by where the rows start: 80 in the four-star row means 80 is four."""

    scheme = models.ForeignKey(RatingScheme, on_delete=models.CASCADE, related_name="bands")
    min_points = models.PositiveSmallIntegerField(_("最低分(含)"))
    stars = models.PositiveSmallIntegerField(_("星级"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("星级分档")
        verbose_name_plural = _("星级分档")
        ordering = ["scheme", "min_points"]
        constraints = [models.UniqueConstraint(fields=["scheme", "min_points"], name="band_one_per_min")]

    def __str__(self) -> str:
        return f"≥{self.min_points}分 {self.stars}星"


class Rating(models.Model):
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="ratings")
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    scheme = models.ForeignKey(RatingScheme, on_delete=models.PROTECT, related_name="ratings")
    year = models.PositiveSmallIntegerField(_("评定年度"))
    points = models.PositiveSmallIntegerField(_("总分"))
    stars = models.PositiveSmallIntegerField(_("星级"), help_text=_("0 表示未达星级"))
    rated_on = models.DateField(_("评定日期"))
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raters = models.CharField(_("评定人员"), max_length=200, blank=True)
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    revoke_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("星级评定")
        verbose_name_plural = _("星级评定")
        ordering = ["facility", "-year"]
        indexes = [models.Index(fields=["area", "year"], name="rating_area_year")]
        constraints = [models.UniqueConstraint(fields=["facility", "year"], name="rating_one_per_year")]

    def __str__(self) -> str:
        return f"{self.year}年 {self.stars}星（{self.points}分）"


class RatingScore(models.Model):
    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(ScoreItem, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField(_("得分"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("评分")
        verbose_name_plural = _("评分")
        constraints = [models.UniqueConstraint(fields=["rating", "item"], name="score_one_per_item")]

    def __str__(self) -> str:
        return f"{self.item.name} {self.points}"


# --- operating subsidy and performance award ------------------------------------------------------

class PayoutKind(models.TextChoices):
    OPERATING_SUBSIDY = "operating_subsidy", _("运行补助")
    PERFORMANCE_AWARD = "performance_award", _("以奖代补")


class SubsidyRate(models.Model):
    """The county formula as data: a year's amount for a kind at a star level (0 = not rated). The
    operating subsidy is paid pro rata for the months open (at least `min_days_open` days in the month
    make it count); the performance award is the amount itself for a home rated at that level."""

    payout_kind = models.CharField(_("补助类别"), max_length=20, choices=PayoutKind.choices)
    kind = models.ForeignKey(FacilityKind, verbose_name=_("设施类型"), on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey("areas.Area", verbose_name=_("适用区划"), on_delete=models.PROTECT, related_name="+")
    stars = models.PositiveSmallIntegerField(_("星级"))
    annual_fen = models.PositiveIntegerField(_("全年金额(分)"))
    min_days_open = models.PositiveSmallIntegerField(_("当月运营满几天计一个月"), default=1)
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    source = models.TextField(_("依据"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("补助标准")
        verbose_name_plural = _("补助标准")
        indexes = [models.Index(fields=["payout_kind", "kind", "stars"], name="rate_kind_stars")]
        constraints = [_period_constraint("rate_to_after_from")]

    def __str__(self) -> str:
        return f"{self.get_payout_kind_display()} {self.kind_id} {self.stars}星 {yuan_text(self.annual_fen)}元/年"


class SubsidyRosterLocked(Conflict):
    def __init__(self, roster_id: int | None = None):
        self.roster_id = roster_id
        super().__init__(f"补助名册已锁定，不能修改 / subsidy roster {roster_id} is locked")


class SubsidyStatus(models.TextChoices):
    DRAFT = "draft", _("待审批")
    APPROVED = "approved", _("已审批")
    LOCKED = "locked", _("已锁定")
    PAID = "paid", _("已拨付")


FROZEN_STATUSES = (SubsidyStatus.LOCKED, SubsidyStatus.PAID)


class SubsidyRoster(models.Model):
    """One year's operating subsidy or performance award for a kind in a county: computed, approved,
    locked (the bank file comes from a locked roster), then marked paid."""

    payout_kind = models.CharField(_("补助类别"), max_length=20, choices=PayoutKind.choices)
    kind = models.ForeignKey(FacilityKind, verbose_name=_("设施类型"), on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey("areas.Area", verbose_name=_("发放区划"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("状态"), max_length=10, choices=SubsidyStatus.choices, default=SubsidyStatus.DRAFT)
    line_count = models.PositiveIntegerField(_("设施数"), default=0)
    total_fen = models.BigIntegerField(_("合计(分)"), default=0)
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    computed_at = models.DateTimeField(_("核算时间"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    locked_at = models.DateTimeField(_("锁定时间"), null=True, blank=True)
    paid_on = models.DateField(_("拨付日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("设施补助名册")
        verbose_name_plural = _("设施补助名册")
        ordering = ["-year", "payout_kind"]
        constraints = [models.UniqueConstraint(fields=["payout_kind", "kind", "area", "year"],
                                               name="subsidy_roster_one_per_year")]

    def __str__(self) -> str:
        return f"{self.year}年{self.kind.name}{self.get_payout_kind_display()}（{self.get_status_display()}）"

    # Invariant, not a business rule: a locked roster is the record of money; only "paid" may follow.
    def save(self, *args, **kwargs):
        if self.pk:
            stored = SubsidyRoster.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == SubsidyStatus.PAID or (stored == SubsidyStatus.LOCKED and self.status != SubsidyStatus.PAID):
                raise SubsidyRosterLocked(self.pk)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if SubsidyRoster.objects.filter(pk=self.pk, status__in=FROZEN_STATUSES).exists():
            raise SubsidyRosterLocked(self.pk)
        return super().delete(*args, **kwargs)


class SubsidyPaymentQuerySet(FrozenParentLinesQuerySet):
    frozen_statuses = FROZEN_STATUSES
    frozen_error = SubsidyRosterLocked


class SubsidyPayment(FrozenParentLine):
    """One facility's line: the rating used, months open, the rate, and the amount."""

    roster = models.ForeignKey(SubsidyRoster, on_delete=models.PROTECT, related_name="payments")
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="subsidy_payments")
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    rating = models.ForeignKey(Rating, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    stars = models.PositiveSmallIntegerField(_("星级"))
    months_open = models.PositiveSmallIntegerField(_("运营月数"))
    annual_fen = models.PositiveIntegerField(_("全年标准(分)"))
    amount_fen = models.PositiveIntegerField(_("金额(分)"))
    payee_name = models.CharField(_("收款单位"), max_length=100)
    bank_name = models.CharField(_("开户银行"), max_length=60, blank=True)
    bank_account = models.CharField(_("银行账号"), max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SubsidyPaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("设施补助明细")
        verbose_name_plural = _("设施补助明细")
        ordering = ["roster", "area_id", "pk"]
        constraints = [models.UniqueConstraint(fields=["roster", "facility"], name="subsidy_one_per_facility")]

    def __str__(self) -> str:
        return f"{self.facility} {yuan_text(self.amount_fen)}元"


# --- activity logs --------------------------------------------------------------------------------

class ActivityKind(models.TextChoices):
    DAY_CARE = "day_care", _("日间照料")
    MEALS = "meals", _("助餐")
    ACTIVITY = "activity", _("文体活动")
    CHILD_CLASS = "child_class", _("儿童托管/暑托班")
    TRAINING = "training", _("培训宣传")
    OTHER = "other", _("其他服务")


class ActivityLog(models.Model):
    """What a facility delivered on a day (or a period ending that day): attendance, meals served, a
    class with its children, so that "running well" is a figure."""

    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="activities")
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("服务类别"), max_length=12, choices=ActivityKind.choices)
    on = models.DateField(_("日期"))
    days = models.PositiveSmallIntegerField(_("持续天数"), default=1)
    participants = models.PositiveIntegerField(_("服务人次"))
    title = models.CharField(_("内容"), max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("服务记录")
        verbose_name_plural = _("服务记录")
        ordering = ["-on", "-pk"]
        indexes = [models.Index(fields=["area", "on"], name="activity_area_on"),
                   models.Index(fields=["facility", "on"], name="activity_facility_on")]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()} {self.participants}人次"
