"""Append-only records: who read personal data (AccessLog) and what changed (Event)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    pass


class AppendOnlyModel(models.Model):
    """Rows are written once; an update or a delete is a programming error, not a user action.
    Each row is a link of its table's hash chain (audit/chain.py)."""

    prev_hash = models.CharField(_("前一行摘要"), max_length=64, blank=True, default="", editable=False)
    row_hash = models.CharField(_("本行摘要"), max_length=64, blank=True, default="", editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        from guanai.audit.chain import chain_link

        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError(f"{type(self).__name__} is append-only")
        chain_link(self)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{type(self).__name__} is append-only")


class AccessAction(models.TextChoices):
    VIEW = "view", _("查看")
    UNMASK = "unmask", _("查看完整身份证号")
    EXPORT = "export", _("导出")
    DOWNLOAD = "download", _("下载文件")
    SEARCH = "search", _("搜索")
    BREAK_GLASS = "break_glass", _("紧急查阅")
    DENIED = "denied", _("拒绝访问")
    SYNC = "sync", _("离线同步")


class AccessPurpose(models.TextChoices):
    """Why someone sees a whole ID number, exports them or breaks the glass (PIPL Art. 6: a stated,
    specific purpose). "other" needs words."""

    CASE_HANDLING = "case_handling", _("个案处置")
    BENEFIT_REVIEW = "benefit_review", _("补贴审核与发放")
    IDENTITY_CHECK = "identity_check", _("身份核验")
    RECORD_CORRECTION = "record_correction", _("信息核对更正")
    UPSTREAM_REPORT = "upstream_report", _("向上级报送")
    EMERGENCY = "emergency", _("紧急救助")
    OTHER = "other", _("其他（须说明）")


class AccessLog(AppendOnlyModel):
    # Set when the row is made, not by the database: its hash covers the time.
    at = models.DateTimeField(_("时间"), default=timezone.now, editable=False, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("用户"), null=True,
                             on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("操作"), max_length=20, choices=AccessAction.choices)
    object_type = models.CharField(_("对象类型"), max_length=50)
    object_id = models.CharField(_("对象"), max_length=64, blank=True)
    area_code = models.CharField(_("区划"), max_length=12, blank=True, db_index=True)
    reason = models.TextField(_("理由"), blank=True)
    purpose = models.CharField(_("用途"), max_length=30, choices=AccessPurpose.choices, blank=True, db_index=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("访问日志")
        verbose_name_plural = _("访问日志")
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="access_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.get_action_display()} {self.object_type}#{self.object_id}"


class Event(AppendOnlyModel):
    """A domain event (Saleor's events.py): person_created, areas_loaded, ... written in the change's
    own transaction."""

    # Set when the row is made, not by the database: its hash covers the time.
    at = models.DateTimeField(_("时间"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    verb = models.CharField(_("事件"), max_length=50, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=50)
    object_id = models.CharField(_("对象"), max_length=64, blank=True)
    area_code = models.CharField(_("区划"), max_length=12, blank=True, db_index=True)
    data = models.JSONField(_("内容"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("业务事件")
        verbose_name_plural = _("业务事件")
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="event_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.verb} {self.object_type}#{self.object_id}"
