"""Offline visits (离线探访): the phones prepared for the field and every visit they send back.

A `FieldDevice` is one browser on one phone that downloaded a worker's caseload; `prepared` keeps,
per person, what the phone was told (village, worker, due date), so that a visit synced later can be
compared with what changed meanwhile. A `FieldSubmission` is one visit as the phone sent it, keyed by
the id the phone gave it: sending it again finds the same row, so it is stored once.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FieldDevice(models.Model):
    key = models.UUIDField(_("设备标识"), unique=True, help_text=_("手机上的应用生成"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("使用人"), on_delete=models.PROTECT,
                             related_name="field_devices")
    # The user's area when prepared: a supervisor sees (and may revoke) the devices of their area.
    area = models.ForeignKey("areas.Area", verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="+")
    label = models.CharField(_("设备说明"), max_length=120, blank=True)
    prepared_at = models.DateTimeField(_("最近准备"))
    people_count = models.PositiveIntegerField(_("离线对象数"), default=0)
    prepared = models.JSONField(default=dict, editable=False)
    last_sync_at = models.DateTimeField(_("最近同步"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("停用时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("离线设备")
        verbose_name_plural = _("离线设备")
        indexes = [models.Index(fields=["area", "prepared_at"], name="fielddevice_area")]

    def __str__(self) -> str:
        return f"{self.user} {self.label or self.key}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class SubmissionStatus(models.TextChoices):
    RECORDED = "recorded", _("已入库")
    HELD = "held", _("已接收，待督导核对")
    REJECTED = "rejected", _("退回修改")


class SubmissionFlag(models.TextChoices):
    NONE = "", _("无")
    TRANSFERRED = "transferred", _("对象已迁出")
    REASSIGNED = "reassigned", _("探访人已变更")
    ENDED = "ended", _("已结束关爱")
    DUE_CHANGED = "due_changed", _("应访日期已变化")


class FieldSubmission(models.Model):
    """One offline visit as received. `client_id` is the phone's id for it (the idempotency key)."""

    client_id = models.UUIDField(_("离线记录标识"), unique=True)
    device = models.ForeignKey(FieldDevice, on_delete=models.PROTECT, related_name="submissions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("探访人"), on_delete=models.PROTECT,
                             related_name="+")
    person = models.ForeignKey("people.Person", verbose_name=_("服务对象"), on_delete=models.PROTECT,
                               related_name="+")
    # Where the visit counts: the person's village when recorded; the village it was prepared in when
    # the person has left the worker's area (the supervisor there reviews it).
    area = models.ForeignKey("areas.Area", verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=SubmissionStatus.choices)
    visit = models.OneToOneField("visits.VisitRecord", verbose_name=_("探访记录"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="field_submission")
    errors = models.JSONField(_("退回原因"), default=dict, blank=True)
    flag = models.CharField(_("提醒督导"), max_length=12, choices=SubmissionFlag.choices, blank=True)
    flag_note = models.CharField(_("提醒说明"), max_length=300, blank=True)
    payload = models.JSONField(_("提交内容"), default=dict)
    device_time = models.DateTimeField(_("手机保存时间"))
    received_at = models.DateTimeField(_("接收时间"))
    attempts = models.PositiveSmallIntegerField(_("提交次数"), default=1)
    reviewed_at = models.DateTimeField(_("核对时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    review_note = models.CharField(_("核对说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("离线探访提交")
        verbose_name_plural = _("离线探访提交")
        indexes = [models.Index(fields=["area", "flag", "reviewed_at"], name="fieldsub_area_flag")]

    def __str__(self) -> str:
        return f"{self.client_id} {self.get_status_display()}"


class FieldPhoto(models.Model):
    """A photo taken at the visit, already shrunk on the phone (JPEG, a few hundred KB at most)."""

    submission = models.ForeignKey(FieldSubmission, on_delete=models.CASCADE, related_name="photos")
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    image = models.FileField(_("照片"), upload_to="fieldwork/%Y/%m/")
    size = models.PositiveIntegerField(_("大小(字节)"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("探访照片")
        verbose_name_plural = _("探访照片")

    def __str__(self) -> str:
        return f"{self.submission_id} {self.image.name}"
