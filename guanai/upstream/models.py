"""Installations as nodes of a tree, their keys, the packages sent and received, what was received
from below (read-only here, marked with its source), conflicts and the flowback worklist.

One database may hold several installations' views (the tests run 凤县, 宝鸡市 and 陕西省 in one):
every received row names the node that received it, so nothing depends on "this" installation
except `settings.GUANAI_NODE_CODE`, read by the command and the pages. See docs/upstream.md.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Node(TimeStamped):
    """An installation, named by the area it serves (凤县 610330 reports to 宝鸡市 6103, which reports
    to 陕西省 61). `parent` is the node it reports to; `url` is where an HTTPS push reaches it."""

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    parent = models.ForeignKey("self", verbose_name=_("上级节点"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    url = models.URLField(_("接收地址"), blank=True,
                          help_text=_("上级或下级系统的 HTTPS 地址；内网不通时留空，用文件传递"))

    class Meta:
        verbose_name = _("节点")
        verbose_name_plural = _("节点")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    def covers(self, code: str) -> bool:
        return code.startswith(self.code)


class NodeKey(TimeStamped):
    """A node's public keys: Ed25519 to verify what it signs, X25519 to seal parts for it (ADR 0008).
    The fingerprint (SM3 of both, 16 hex) is what a manifest names and what operators compare by phone."""

    node = models.ForeignKey(Node, verbose_name=_("节点"), on_delete=models.PROTECT, related_name="keys")
    sign_public = models.CharField(_("签名公钥"), max_length=64)
    seal_public = models.CharField(_("加密公钥"), max_length=64)
    fingerprint = models.CharField(_("指纹"), max_length=32, unique=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("节点密钥")
        verbose_name_plural = _("节点密钥")
        constraints = [models.UniqueConstraint(fields=["node"], condition=Q(revoked_at__isnull=True),
                                               name="nodekey_one_active")]

    def __str__(self) -> str:
        return f"{self.node.code} {self.fingerprint}"


class PackageKind(models.TextChoices):
    REPORT = "report", _("上报")
    FLOWBACK = "flowback", _("回流")
    ACK = "ack", _("回执")


class OutgoingStatus(models.TextChoices):
    WRITTEN = "written", _("已生成")
    SENT = "sent", _("已发送")
    ACKED = "acked", _("已确认接收")
    FAILED = "failed", _("发送失败")


class OutgoingPackage(TimeStamped):
    """The sender's log: what was packed for whom, covering which watermark, and whether it was acked.
    The next incremental package starts at the last acknowledged `watermark_to`."""

    package_id = models.CharField(_("包编号"), max_length=36, unique=True)
    sender = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="+")
    receiver = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类型"), max_length=10, choices=PackageKind.choices)
    full = models.BooleanField(_("全量"), default=False)
    watermark_from = models.DateTimeField(_("起点"), null=True, blank=True)
    watermark_to = models.DateTimeField(_("截至"))
    counts = models.JSONField(_("条数"), default=dict)
    digest = models.CharField(_("文件摘要(SM3)"), max_length=64)
    size = models.BigIntegerField(_("字节数"), default=0)
    status = models.CharField(_("状态"), max_length=10, choices=OutgoingStatus.choices, default=OutgoingStatus.WRITTEN)
    attempts = models.JSONField(_("发送记录"), default=list, blank=True)
    acked_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    ack_counts = models.JSONField(_("对方处理结果"), default=dict, blank=True)

    class Meta:
        verbose_name = _("发出的数据包")
        verbose_name_plural = _("发出的数据包")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["sender", "receiver", "kind", "status"], name="outpkg_link")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sender.code}→{self.receiver.code} {self.package_id[:8]}"


class IncomingStatus(models.TextChoices):
    APPLIED = "applied", _("已接收")
    REFUSED = "refused", _("已拒收")


class IncomingPackage(TimeStamped):
    """The receiver's log, refusals included (with the reason). A package id applied once is never
    applied again; a refused one may be sent again after it is fixed."""

    package_id = models.CharField(_("包编号"), max_length=36, blank=True)
    receiver = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="+")
    sender_code = models.CharField(_("发送方"), max_length=12, blank=True)
    kind = models.CharField(_("类型"), max_length=10, choices=PackageKind.choices, blank=True)
    status = models.CharField(_("结果"), max_length=10, choices=IncomingStatus.choices)
    reason = models.TextField(_("拒收原因"), blank=True)
    counts = models.JSONField(_("处理结果"), default=dict, blank=True)
    digest = models.CharField(_("文件摘要(SM3)"), max_length=64, blank=True)
    watermark_to = models.DateTimeField(_("截至"), null=True, blank=True)

    class Meta:
        verbose_name = _("收到的数据包")
        verbose_name_plural = _("收到的数据包")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["receiver", "package_id"], condition=Q(status="applied"),
                                               name="inpkg_applied_once")]

    def __str__(self) -> str:
        return f"{self.sender_code}→{self.receiver_id} {self.package_id[:8]} {self.get_status_display()}"


class RecordKind(models.TextChoices):
    PERSON = "person", _("服务对象")
    VISIT = "visit", _("探访记录")
    CASE = "case", _("个案")
    ENROLLMENT = "enrollment", _("享受资格")
    PAYMENT = "payment", _("发放明细")
    FACILITY = "facility", _("服务设施")
    POST = "post", _("岗位")


class ReceivedRecord(models.Model):
    """One record received from below, read-only at this level: `source` is the installation that
    owns it, `key` its id there, `version` its last change there (an older version never replaces a
    newer one). `body` is the record as received (JSON); a person's ID number is not in it but
    encrypted under this installation's key, with this installation's digest for matching."""

    receiver = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="+", db_index=False)
    source = models.CharField(_("来源"), max_length=12)
    kind = models.CharField(_("类型"), max_length=12, choices=RecordKind.choices)
    key = models.CharField(_("来源编号"), max_length=40)
    area_code = models.CharField(_("区划"), max_length=12)
    version = models.CharField(_("版本"), max_length=40)
    body = models.TextField(_("内容"))
    id_number_cipher = models.BinaryField(null=True, blank=True, editable=False)
    id_number_digest = models.CharField(max_length=64, blank=True, editable=False)
    id_number_masked = models.CharField(_("身份证号"), max_length=18, blank=True, editable=False)
    issued_code = models.CharField(_("身份证号签发地"), max_length=6, blank=True)
    package_id = models.CharField(_("来自数据包"), max_length=36)
    received_at = models.DateTimeField(_("接收时间"))
    # Deleted at the source (a tombstone came): the row stays, emptied, with the tombstone's version,
    # so that an older package sent again cannot bring the record back.
    deleted = models.BooleanField(_("来源已删除"), default=False, db_default=False)

    class Meta:
        verbose_name = _("下级上报记录")
        verbose_name_plural = _("下级上报记录")
        constraints = [models.UniqueConstraint(fields=["receiver", "kind", "source", "key"], name="received_key")]
        indexes = [models.Index(fields=["receiver", "kind", "area_code"], name="received_area"),
                   models.Index(fields=["id_number_digest"], name="received_digest",
                                condition=~Q(id_number_digest="")),
                   models.Index(fields=["receiver", "received_at"], name="received_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.source}:{self.key}"


class Tombstone(models.Model):
    """The sender's log of what it deleted (filled by the post_delete hooks in apps.py), so that the
    next package carries the deletion up. `part` empty: the record itself; "spell"/"tenure": a row
    inside a person or post, whose record is then sent again. Kept: a full package carries them too."""

    kind = models.CharField(_("类型"), max_length=12, choices=RecordKind.choices)
    key = models.CharField(_("编号"), max_length=40)
    part = models.CharField(_("部分"), max_length=10, blank=True)
    area_code = models.CharField(_("区划"), max_length=12)
    deleted_at = models.DateTimeField(_("删除时间"), db_index=True)

    class Meta:
        verbose_name = _("删除记录")
        verbose_name_plural = _("删除记录")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.key} {self.part}".strip()


class ConflictKind(models.TextChoices):
    TWO_AREAS = "two_areas", _("同一身份证号在两地登记")
    BOTH_CHANGED = "both_changed", _("双方都修改了同一人")


class ConflictDecision(models.TextChoices):
    PENDING = "", _("待决定")
    KEEP_LOCAL = "keep_local", _("保留本级/先登记方")
    TAKE_INCOMING = "take_incoming", _("采用来件/后登记方")
    BOTH_VALID = "both_valid", _("两条都有效(并非同一人或已核实)")


class Conflict(TimeStamped):
    """Two versions of one person that cannot both stand. Nothing is resolved silently: the list keeps
    both versions (`local`, `incoming`, as received: no ID number in them) until someone decides."""

    node = models.ForeignKey(Node, verbose_name=_("发现节点"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类型"), max_length=15, choices=ConflictKind.choices)
    area_code = models.CharField(_("区划"), max_length=12)
    other_area_code = models.CharField(_("另一方区划"), max_length=12, blank=True)
    id_number_digest = models.CharField(max_length=64, blank=True, editable=False)
    id_number_masked = models.CharField(_("身份证号"), max_length=18, blank=True)
    local_source = models.CharField(_("本方来源"), max_length=12)
    local_key = models.CharField(_("本方编号"), max_length=40)
    local = models.JSONField(_("本方版本"))
    incoming_source = models.CharField(_("来件来源"), max_length=12)
    incoming_key = models.CharField(_("来件编号"), max_length=40)
    incoming = models.JSONField(_("来件版本"))
    decision = models.CharField(_("决定"), max_length=15, choices=ConflictDecision.choices, blank=True, default="")
    note = models.CharField(_("说明"), max_length=300, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("数据冲突")
        verbose_name_plural = _("数据冲突")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["node", "decision", "area_code"], name="conflict_open")]
        constraints = [models.UniqueConstraint(
            fields=["node", "kind", "local_source", "local_key", "incoming_source", "incoming_key"],
            condition=Q(decision=""), name="conflict_one_open")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.id_number_masked}"


class FlowbackTopic(models.TextChoices):
    REGISTERED_ELSEWHERE = "registered_elsewhere", _("本县籍儿童在外地登记")
    CONFLICT_DECIDED = "conflict_decided", _("上级对重复登记的决定")
    MOVED_IN = "moved_in", _("户籍迁入本地的对象")


class FlowbackItem(TimeStamped):
    """One thing the higher level sent back for this level to act on (数据回流), on a worklist until
    someone here marks it handled. `person` is this installation's own record when the ID matched."""

    node = models.ForeignKey(Node, verbose_name=_("接收节点"), on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("来自"), max_length=12)
    key = models.CharField(_("编号"), max_length=80)
    version = models.CharField(_("版本"), max_length=40)
    topic = models.CharField(_("事项"), max_length=25, choices=FlowbackTopic.choices)
    area_code = models.CharField(_("区划"), max_length=12)
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    id_number_masked = models.CharField(_("身份证号"), max_length=18, blank=True)
    summary = models.JSONField(_("内容"))
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    handled_note = models.CharField(_("处理说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("回流事项")
        verbose_name_plural = _("回流事项")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["node", "source", "key"], name="flowback_key")]
        indexes = [models.Index(fields=["node", "area_code", "handled_at"], name="flowback_open")]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} {self.id_number_masked}"
