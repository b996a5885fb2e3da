"""Indicators (versioned definitions kept as data) and the analytics store of their values per area and
period, precomputed like DHIS2's analytics tables so that no page counts raw visits or payments.

A value row holds a numerator and, for a ratio, a denominator, for one area (any level: villages are
computed from the records, higher levels are the sums of their villages) and one period ("2023",
"2023Q4" or "2023-10"). A missing row means zero.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    PEOPLE = "people", _("人")
    COUNT = "count", _("个(次)")
    FEN = "fen", _("元")  # stored in fen, shown in yuan
    RATIO = "ratio", _("%")


class PeriodType(models.TextChoices):
    MONTH = "month", _("月")
    QUARTER = "quarter", _("季")
    YEAR = "year", _("年")


class Indicator(models.Model):
    """One version of an indicator's definition. Editing makes a new version (the old one stays, no
    longer current) and marks the indicator's values for recomputation."""

    code = models.SlugField(_("指标代码"), max_length=60)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    is_current = models.BooleanField(_("当前版本"), default=True)
    name = models.CharField(_("指标名称"), max_length=80)
    description = models.TextField(_("指标说明"))
    measure = models.CharField(_("分子口径"), max_length=40)
    filters = models.JSONField(_("分子筛选"), default=dict, blank=True,
                               help_text=_("如 {\"category\": \"left_behind_child\"}、"
                                           "{\"programme\": \"orphan_allowance\"}"))
    denominator_measure = models.CharField(_("分母口径"), max_length=40, blank=True)
    denominator_filters = models.JSONField(_("分母筛选"), default=dict, blank=True)
    unit = models.CharField(_("单位"), max_length=10, choices=Unit.choices)
    period_types = models.CharField(_("统计周期"), max_length=30, default="month,quarter,year")
    rollup = models.CharField(_("汇总方式"), max_length=10, default="sum",
                              help_text=_("上级区划的值为下级之和(分子、分母分别相加)"))
    section = models.CharField(_("分组"), max_length=20, default="people")
    order = models.PositiveSmallIntegerField(_("排序"), default=100)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("统计指标")
        verbose_name_plural = _("统计指标")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="indicator_code_version"),
            models.UniqueConstraint(fields=["code"], condition=Q(is_current=True), name="indicator_one_current"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.code} v{self.version}）"

    @property
    def is_ratio(self) -> bool:
        return self.unit == Unit.RATIO


class IndicatorValue(models.Model):
    """One precomputed value: indicator x area x period."""

    indicator_code = models.CharField(max_length=60)
    area_code = models.CharField(max_length=12)
    level = models.PositiveSmallIntegerField()  # length of area_code: 2/4/6/9/12
    period = models.CharField(max_length=7)
    numerator = models.BigIntegerField(default=0)
    denominator = models.BigIntegerField(null=True, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("指标值")
        verbose_name_plural = _("指标值")
        constraints = [models.UniqueConstraint(fields=["area_code", "period", "indicator_code"],
                                               name="value_area_period_indicator")]
        indexes = [models.Index(fields=["indicator_code", "period", "level", "area_code"],
                                name="value_ind_period_level")]

    def __str__(self) -> str:
        return f"{self.indicator_code} {self.area_code} {self.period} = {self.numerator}/{self.denominator}"


class RefreshKind(models.TextChoices):
    FULL = "full", _("全量刷新")
    INCREMENTAL = "incremental", _("增量刷新")


class StoreRefresh(models.Model):
    """One run of the store's refresh: what it covered and when its data stood. The latest finished run
    covering an area is the "data as of" line every page shows."""

    kind = models.CharField(_("类型"), max_length=12, choices=RefreshKind.choices)
    area_code = models.CharField(_("区划"), max_length=12, blank=True)
    periods = models.CharField(_("周期"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    last_event_id = models.BigIntegerField(_("已处理的事件"), default=0)
    values_written = models.PositiveIntegerField(_("写入值"), default=0)
    error = models.TextField(_("错误"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("统计数据刷新")
        verbose_name_plural = _("统计数据刷新")
        # One row per refresh, so thousands a day once the job runs after writes: the watermark reads
        # the highest last_event_id, store_holds the few full refreshes.
        indexes = [models.Index(fields=["finished_at"], name="refresh_finished"),
                   models.Index(fields=["last_event_id"], name="refresh_last_event"),
                   models.Index(fields=["kind", "area_code"], name="refresh_kind_area")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.area_code or '全部'} {self.started_at:%Y-%m-%d %H:%M}"


class TemplateKind(models.TextChoices):
    ANNUAL = "annual", _("年度工作报告")
    REPLY = "reply", _("提案(建议)答复")


class ReportTemplate(models.Model):
    """A bureau's own Word template (placeholders like {{left_behind_child}}), used for its area and below."""

    kind = models.CharField(_("类型"), max_length=10, choices=TemplateKind.choices)
    area = models.ForeignKey("areas.Area", verbose_name=_("适用区划"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("名称"), max_length=100)
    content = models.BinaryField(_("文件"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("报告模板")
        verbose_name_plural = _("报告模板")
        indexes = [models.Index(fields=["kind", "area", "is_active"], name="template_kind_area")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}（{self.area_id}）"


# A year a population figure can be for: the first census of the People's Republic (1953) up to next year
# (a bureau may enter a plan's estimate before the year starts); clean() refuses a year after next.
POPULATION_FIRST_YEAR = 1953
POPULATION_LAST_YEAR = 2100


class ResidentPopulation(models.Model):
    """常住人口: an area's resident population in a year, as a statistics office publishes it (census
    bulletin, statistical yearbook), entered by a bureau. Reference data the indicators count
    (population_measures.py): the system's own registry holds only the people it cares for, never the
    whole population an aging share is taken of. One row per area and year; the ages are subsets of the
    total (0-17 and 60+ do not overlap, 65+ is inside 60+)."""

    area = models.ForeignKey("areas.Area", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    total = models.PositiveIntegerField(_("常住人口"))
    aged_60_plus = models.PositiveIntegerField(_("60周岁及以上"))
    aged_65_plus = models.PositiveIntegerField(_("65周岁及以上"), null=True, blank=True)
    aged_0_17 = models.PositiveIntegerField(_("0-17周岁"), null=True, blank=True)
    source = models.CharField(_("数据来源"), max_length=100, help_text=_("如 第七次全国人口普查、2021年统计年鉴"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("常住人口")
        verbose_name_plural = _("常住人口")
        ordering = ["area_id", "-year"]
        constraints = [
            # Leads with area_id: serves the scope's prefix range (accounts.scoping) as well.
            models.UniqueConstraint(fields=["area", "year"], name="population_area_year"),
            models.CheckConstraint(condition=Q(year__gte=POPULATION_FIRST_YEAR, year__lte=POPULATION_LAST_YEAR),
                                   name="population_year_sane"),
            models.CheckConstraint(condition=Q(total__gt=0), name="population_total_positive"),
            models.CheckConstraint(condition=Q(aged_60_plus__lte=models.F("total")), name="population_60_in_total"),
            models.CheckConstraint(
                condition=Q(aged_65_plus__isnull=True) | Q(aged_65_plus__lte=models.F("aged_60_plus")),
                name="population_65_in_60"),
            models.CheckConstraint(
                condition=Q(aged_0_17__isnull=True) | Q(aged_0_17__lte=models.F("total") - models.F("aged_60_plus")),
                name="population_ages_in_total"),
        ]

    def __str__(self) -> str:
        return f"{self.area_id} {self.year}: {self.total}"

    @property
    def share_text(self) -> str:
        """The share aged 60+ as the seeds write it (15.29%)."""
        percent = (Decimal(self.aged_60_plus) * 100 / Decimal(self.total)).quantize(Decimal("0.01"), ROUND_HALF_UP)
        return f"{percent}%"

    def clean(self) -> None:
        problems: dict[str, list[str]] = {}
        this_year = timezone.localdate().year
        if self.year is not None and not POPULATION_FIRST_YEAR <= self.year <= min(this_year + 1, POPULATION_LAST_YEAR):
            problems["year"] = [f"年度应在{POPULATION_FIRST_YEAR}至{this_year + 1}年之间 / the year must be "
                                f"{POPULATION_FIRST_YEAR}-{this_year + 1}"]
        if self.total is not None and self.total <= 0:
            problems["total"] = ["常住人口应大于0 / the total must be above zero"]
        if None not in (self.total, self.aged_60_plus) and self.aged_60_plus > self.total:
            problems["aged_60_plus"] = ["60周岁及以上人口不能多于常住人口 / aged 60+ cannot exceed the total"]
        if None not in (self.aged_65_plus, self.aged_60_plus) and self.aged_65_plus > self.aged_60_plus:
            problems["aged_65_plus"] = ["65周岁及以上人口不能多于60周岁及以上人口 / aged 65+ cannot exceed aged 60+"]
        if (None not in (self.aged_0_17, self.total, self.aged_60_plus)
                and self.aged_0_17 + self.aged_60_plus > self.total):
            problems["aged_0_17"] = ["0-17周岁与60周岁及以上人口之和不能多于常住人口 / aged 0-17 and 60+ together "
                                     "cannot exceed the total"]
        if problems:
            raise ValidationError(problems)
