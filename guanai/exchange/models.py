"""Import jobs: one uploaded sheet on its way into the registry, with progress and an error report.

A job is created by `services.import_job_create`, run by `runs.import_job_run` (in the huey worker
for an upload, inline for the command line), and read through `selectors.import_job_get` within the
uploader's scope. The counters are written in the same transaction as each chunk of rows, so what a
job reports as done is exactly what was committed.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    PEOPLE = "people", _("服务对象")


class ImportStatus(models.TextChoices):
    NEEDS_MAPPING = "needs_mapping", _("待确认表头")
    PENDING = "pending", _("排队中")
    RUNNING = "running", _("导入中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class ImportJob(models.Model):
    kind = models.CharField(_("导入内容"), max_length=20, choices=ImportKind.choices)
    file = models.FileField(_("文件"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=200)
    status = models.CharField(_("状态"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    dry_run = models.BooleanField(_("仅检查不写入"), default=False)
    total = models.PositiveIntegerField(_("总行数"), default=0)
    done = models.PositiveIntegerField(_("已处理"), default=0)
    created = models.PositiveIntegerField(_("新增"), default=0)
    updated = models.PositiveIntegerField(_("更新"), default=0)
    unchanged = models.PositiveIntegerField(_("无变化"), default=0)
    rejected = models.PositiveIntegerField(_("未通过"), default=0)
    warned = models.PositiveIntegerField(_("有警告"), default=0)  # imported, with a soft cell left out
    # people.imports.ImportResult.problem_groups() of the finished job: {"refused": [...], "warned": [...]}
    problem_groups = models.JSONField(_("问题汇总"), default=dict, blank=True)
    error_report = models.FileField(_("错误报告"), upload_to="imports/reports/%Y/%m/", blank=True)
    failure = models.TextField(_("失败原因"), blank=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("导入人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    # The importer's scope prefix when the job was created ("" = whole installation); the job runs
    # with this scope and is visible only inside it.
    area_code = models.CharField(_("导入范围"), max_length=12, blank=True, db_index=True)
    # Sheet header -> PersonIn field name, chosen by the user where a header was not recognised.
    mapping = models.JSONField(_("表头对应关系"), default=dict, blank=True)
    # When status is needs_mapping: [{"letter": "D", "header": "监护人电话", "reason": "..."}].
    unknown_headers = models.JSONField(_("待确认的表头"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_by", "created_at"], name="importjob_user_created"),
                   models.Index(fields=["area_code", "created_at"], name="importjob_area_created")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.original_name} · {self.get_status_display()}"

    @property
    def percent(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        return min(100, round(100 * self.done / self.total)) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in {ImportStatus.DONE, ImportStatus.FAILED}
