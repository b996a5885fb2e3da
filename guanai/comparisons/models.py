"""数据比对: a department's file (deaths, moves, dibao/tekun rosters, disability certificates, school
enrolment) matched against the registry by the ID number's keyed digest. Each run keeps its rows (for
the unmatched report and the next run's "what changed"), and each meaningful match is a Flag that
changes nothing until a clerk decides it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    DEATHS = "deaths", _("死亡(公安、卫健)")
    MOVES = "moves", _("户籍迁移(公安)")
    DIBAO = "dibao", _("低保名册(社会救助)")
    TEKUN = "tekun", _("特困名册(社会救助)")
    DISABILITY = "disability", _("残疾人证(残联)")
    SCHOOL = "school", _("在校学生(教育)")


class SourceMapping(models.Model):
    """A department's own column headers mapped once to our fields, remembered per source and area."""

    source = models.CharField(_("数据来源"), max_length=12, choices=Source.choices)
    area_code = models.CharField(_("区划"), max_length=12)
    mapping = models.JSONField(_("表头对应"), default=dict)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("比对表头对应")
        verbose_name_plural = _("比对表头对应")
        constraints = [models.UniqueConstraint(fields=["source", "area_code"], name="cmpmap_source_area")]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.area_code}"


class ComparisonRun(models.Model):
    source = models.CharField(_("数据来源"), max_length=12, choices=Source.choices)
    area_code = models.CharField(_("比对范围"), max_length=12)
    file_name = models.CharField(_("文件"), max_length=200)
    file_digest = models.CharField(_("文件摘要(SM3)"), max_length=64)
    run_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    rows = models.PositiveIntegerField(_("行数"), default=0)
    matched = models.PositiveIntegerField(_("匹配"), default=0)
    unmatched = models.PositiveIntegerField(_("未匹配"), default=0)
    invalid = models.PositiveIntegerField(_("无效行"), default=0)
    flags = models.PositiveIntegerField(_("新提示"), default=0)
    changes = models.JSONField(_("与上次比对相比"), default=dict, blank=True)
    seconds = models.FloatField(_("用时(秒)"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("比对")
        verbose_name_plural = _("比对")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["source", "area_code", "created_at"], name="cmprun_source_area")]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.created_at:%Y-%m-%d %H:%M}"


class RowStatus(models.TextChoices):
    MATCHED = "matched", _("已匹配")
    UNMATCHED = "unmatched", _("未匹配")
    INVALID = "invalid", _("无效")


class ComparisonRow(models.Model):
    """One row of a run's file: its ID digest (never the number), what it says (`facts`, hashed into
    `fact_hash` so that the next run of the source shows what changed), and whom it matched."""

    run = models.ForeignKey(ComparisonRun, on_delete=models.CASCADE, related_name="+", db_index=False)
    row_number = models.PositiveIntegerField(_("行号"))
    status = models.CharField(_("结果"), max_length=10, choices=RowStatus.choices)
    id_number_digest = models.CharField(max_length=64, blank=True)
    id_number_masked = models.CharField(_("身份证号"), max_length=18, blank=True)
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    fact_hash = models.CharField(max_length=16, blank=True)
    facts = models.JSONField(_("内容"), default=dict)
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                               db_index=False, db_constraint=False)
    message = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("比对行")
        verbose_name_plural = _("比对行")
        indexes = [models.Index(fields=["run", "status", "row_number"], name="cmprow_run_status"),
                   models.Index(fields=["run", "id_number_digest"], name="cmprow_run_digest")]

    def __str__(self) -> str:
        return f"{self.run_id}:{self.row_number} {self.get_status_display()}"


class FlagKind(models.TextChoices):
    DIED = "died", _("已死亡")
    MOVED_OUT = "moved_out", _("户籍迁出本县")
    PARENT_BACK = "parent_back", _("外出父母已返乡")
    TEKUN_STARTED = "tekun_started", _("已纳入特困供养")
    DIBAO_STARTED = "dibao_started", _("已纳入低保")
    DIBAO_AMOUNT = "dibao_amount", _("低保金额变化")
    DISABILITY_CHANGED = "disability_changed", _("残疾等级/类别变化")
    NO_ENROLMENT = "no_enrolment", _("学龄儿童未见在校记录")


class FlagStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    ACCEPTED = "accepted", _("已采纳")
    REJECTED = "rejected", _("不采纳")


class Flag(models.Model):
    """A match that matters, with the consequence proposed; nothing changes until it is accepted, and
    accepting runs the consequence through the people and benefits services."""

    run = models.ForeignKey(ComparisonRun, on_delete=models.CASCADE, related_name="flag_rows")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+", db_index=False)
    kind = models.CharField(_("提示"), max_length=20, choices=FlagKind.choices)
    facts = models.JSONField(_("部门数据"), default=dict)
    fact_hash = models.CharField(max_length=16)
    proposal = models.CharField(_("建议处理"), max_length=300)
    status = models.CharField(_("状态"), max_length=10, choices=FlagStatus.choices, default=FlagStatus.OPEN)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    outcome = models.JSONField(_("处理结果"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("比对提示")
        verbose_name_plural = _("比对提示")
        ordering = ["area_id", "pk"]
        indexes = [models.Index(fields=["area", "status"], name="flag_area_status"),
                   models.Index(fields=["person", "kind", "fact_hash"], name="flag_person_kind")]
        constraints = [models.UniqueConstraint(fields=["person", "kind", "fact_hash"], condition=Q(status="open"),
                                               name="flag_one_open")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.person_id}"
