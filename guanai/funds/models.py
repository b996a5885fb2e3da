"""Projects and funds: construction and service projects with budget, source and progress, and fund
allocation plans by the factor method (因素法), versioned and locked. Money is integer fen."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guanai.core.errors import Conflict
from guanai.core.money import yuan_text


class FundSource(models.TextChoices):
    CENTRAL = "central", _("中央财政")
    PROVINCIAL = "provincial", _("省级财政")
    PREFECTURE = "prefecture", _("州(市)级财政")
    COUNTY = "county", _("县级财政")
    LOTTERY = "lottery", _("福利彩票公益金")
    SOCIAL = "social", _("社会捐赠")
    MIXED = "mixed", _("多渠道")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("计划")
    UNDERWAY = "underway", _("实施中")
    COMPLETED = "completed", _("已完工")
    CANCELLED = "cancelled", _("已取消")


class Project(models.Model):
    """E.g. 新建儿童之家6所 CNY 300,000; 8 老年幸福食堂; 200 户适老化改造. `facilities` are what it built."""

    area = models.ForeignKey("areas.Area", verbose_name=_("实施区划"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("项目名称"), max_length=120)
    year = models.PositiveSmallIntegerField(_("年度"))
    facility_kind = models.ForeignKey("facilities.FacilityKind", verbose_name=_("建设设施类型"), null=True,
                                      blank=True, on_delete=models.PROTECT, related_name="+")
    planned_units = models.PositiveIntegerField(_("计划建设数量(所/个)"), default=0)
    planned_households = models.PositiveIntegerField(_("计划惠及户数"), default=0)
    done_households = models.PositiveIntegerField(_("已完成户数"), default=0)
    budget_fen = models.BigIntegerField(_("预算(分)"))
    spent_fen = models.BigIntegerField(_("已支出(分)"), default=0)
    source = models.CharField(_("资金来源"), max_length=12, choices=FundSource.choices)
    status = models.CharField(_("状态"), max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED)
    progress_percent = models.PositiveSmallIntegerField(_("进度(%)"), default=0)
    started_on = models.DateField(_("开工日期"), null=True, blank=True)
    completed_on = models.DateField(_("完工日期"), null=True, blank=True)
    facilities = models.ManyToManyField("facilities.Facility", verbose_name=_("建成设施"), blank=True,
                                        related_name="projects")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ["-year", "area_id", "name"]
        indexes = [models.Index(fields=["area", "year"], name="project_area_year")]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress_percent__lte=100), name="project_progress_max"),
            models.CheckConstraint(condition=models.Q(budget_fen__gte=0), name="project_budget_positive")]

    def __str__(self) -> str:
        return self.name


class PlanLocked(Conflict):
    def __init__(self, plan_id: int | None = None):
        self.plan_id = plan_id
        super().__init__(f"分配方案已锁定，请另存新版本再调整 / allocation plan {plan_id} is locked: "
                         "save a new version")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("测算中")
    LOCKED = "locked", _("已锁定")


class AllocationPlan(models.Model):
    """A total split over the sub-areas of `area` by weighted factors. Versions of one plan share
    `name` and `year`; a locked version never changes (a new version is saved instead)."""

    area = models.ForeignKey("areas.Area", verbose_name=_("分配区划"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("方案名称"), max_length=120)
    year = models.PositiveSmallIntegerField(_("年度"))
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    based_on = models.ForeignKey("self", verbose_name=_("基于版本"), null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="versions")
    total_fen = models.BigIntegerField(_("资金总额(分)"))
    data_on = models.DateField(_("数据时点"))
    status = models.CharField(_("状态"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    locked_at = models.DateTimeField(_("锁定时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("资金分配方案")
        verbose_name_plural = _("资金分配方案")
        ordering = ["-year", "name", "-version"]
        constraints = [models.UniqueConstraint(fields=["area", "name", "year", "version"], name="plan_one_version"),
                       models.CheckConstraint(condition=models.Q(total_fen__gt=0), name="plan_total_positive")]

    def __str__(self) -> str:
        return f"{self.name}（{self.year}年 第{self.version}版）"

    # Invariant: a locked plan is the record of a decision.
    def save(self, *args, **kwargs):
        if self.pk and AllocationPlan.objects.filter(pk=self.pk, status=PlanStatus.LOCKED).exists():
            raise PlanLocked(self.pk)
        super().save(*args, **kwargs)


class AllocationFactor(models.Model):
    plan = models.ForeignKey(AllocationPlan, on_delete=models.CASCADE, related_name="factors")
    factor = models.CharField(_("因素"), max_length=40)  # a key of funds.factors.FACTORS
    weight = models.PositiveSmallIntegerField(_("权重"))
    total_value = models.BigIntegerField(_("合计值"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("分配因素")
        verbose_name_plural = _("分配因素")
        ordering = ["plan", "-weight", "factor"]
        constraints = [models.UniqueConstraint(fields=["plan", "factor"], name="factor_once_per_plan")]

    def __str__(self) -> str:
        return f"{self.factor} × {self.weight}"


class AllocationShare(models.Model):
    plan = models.ForeignKey(AllocationPlan, on_delete=models.CASCADE, related_name="shares")
    area = models.ForeignKey("areas.Area", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    values = models.JSONField(_("因素值"), default=dict)  # factor -> the sub-area's value
    amount_fen = models.BigIntegerField(_("分配金额(分)"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("分配结果")
        verbose_name_plural = _("分配结果")
        ordering = ["plan", "area_id"]
        constraints = [models.UniqueConstraint(fields=["plan", "area"], name="share_once_per_area")]

    def __str__(self) -> str:
        return f"{self.area_id} {yuan_text(self.amount_fen)}元"
