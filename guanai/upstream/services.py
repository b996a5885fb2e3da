"""Every write of reporting up and flowing back: nodes and keys, packing, applying, acks,
conflict decisions and the flowback worklist. Keyword-only, typed, one transaction each, with the
event (events.py) in that transaction. `actor` None is a system action (the `guanai exchange`
command); a user needs Capability.UPSTREAM_MANAGE and a scope holding what they touch.
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from guanai.accounts.roles import Capability, require_capability
from guanai.accounts.scoping import Scope, require_in_scope
from guanai.core.digests import sm3_file_hex
from guanai.upstream import events, flowback, packages, receiving, records, sealing
from guanai.upstream.models import (
    Conflict,
    ConflictDecision,
    FlowbackItem,
    IncomingPackage,
    IncomingStatus,
    Node,
    NodeKey,
    OutgoingPackage,
    OutgoingStatus,
    PackageKind,
)
from guanai.upstream.packages import PackageRefused


def _require(actor) -> None:
    require_capability(actor, Capability.UPSTREAM_MANAGE, allow_system=True)


@transaction.atomic
def node_register(*, actor, code: str, name: str, parent_code: str | None = None, url: str = "") -> Node:
    _require(actor)
    parent = Node.objects.get(code=parent_code) if parent_code else None
    node, _ = Node.objects.update_or_create(code=code, defaults={"name": name, "parent": parent, "url": url})
    node.full_clean()
    return node


@transaction.atomic
def key_register(*, actor, node: Node, sign_public: str, seal_public: str) -> NodeKey:
    """Register a node's public keys; its previous key is revoked (one active key per node)."""
    _require(actor)
    for value in (sign_public, seal_public):
        if len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
            raise ValidationError("公钥应为 64 位十六进制 / a public key is 64 hex characters")
    fingerprint = sealing.fingerprint_of(sign_public, seal_public)
    existing = NodeKey.objects.filter(fingerprint=fingerprint, revoked_at__isnull=True).first()
    if existing:
        return existing
    NodeKey.objects.filter(node=node, revoked_at__isnull=True).update(revoked_at=timezone.now())
    key = NodeKey.objects.create(node=node, sign_public=sign_public, seal_public=seal_public, fingerprint=fingerprint)
    events.key_registered_event(actor=actor, key=key)
    return key


def _active_key(node: Node) -> NodeKey:
    key = NodeKey.objects.filter(node=node, revoked_at__isnull=True).first()
    if key is None:
        raise ValidationError(f"{node} 尚未登记公钥（guanai exchange keys --register） / {node.code} has no key")
    return key


def _link_kind(local: Node, to: Node) -> str:
    if local.parent_id == to.pk:
        return PackageKind.REPORT
    if to.parent_id == local.pk:
        return PackageKind.FLOWBACK
    raise ValidationError(f"{to} 既不是本节点的上级也不是下级 / {to.code} is neither parent nor child of {local.code}")


def last_acked_watermark(*, local: Node, to: Node, kind: str) -> datetime.datetime | None:
    acked = OutgoingPackage.objects.filter(sender=local, receiver=to, kind=kind, status=OutgoingStatus.ACKED)
    return acked.order_by("-watermark_to").values_list("watermark_to", flat=True).first()


@transaction.atomic
def package_pack(*, actor, local: Node, pair: sealing.KeyPair, to: Node, path: Path, full: bool = False,
                 at: datetime.datetime | None = None) -> OutgoingPackage:
    """Write a report (to the parent) or a flowback (to a child): the changes since the last
    acknowledged watermark, or everything with `full`. Logged as written until acked."""
    _require(actor)
    kind = _link_kind(local, to)
    until = at or timezone.now()
    since = None if full else last_acked_watermark(local=local, to=to, kind=kind)
    package_id = packages.new_package_id()
    writer = packages.PackageWriter(path=Path(path), package_id=package_id,
                                    receiver_seal_public=_active_key(to).seal_public)
    if kind == PackageKind.REPORT:
        for record_kind in records.REPORT_PARTS:
            writer.write_part(record_kind, records.report_lines(record_kind, local, since, until))
    else:
        writer.write_part("flowback", flowback.flowback_lines(local, to, since, until))
    manifest = writer.close(pair=pair, manifest={
        "kind": kind, "sender": local.code, "sender_name": local.name, "receiver": to.code, "full": full,
        "created_at": packages.wire_time(timezone.now()),
        "period": {"from": packages.wire_time(since), "to": packages.wire_time(until)},
        "watermark": {"from": packages.wire_time(since), "to": packages.wire_time(until)},
        "receiver_key": _active_key(to).fingerprint})
    outgoing = OutgoingPackage.objects.create(
        package_id=package_id, sender=local, receiver=to, kind=kind, full=full, watermark_from=since,
        watermark_to=until, counts=manifest["counts"], digest=sm3_file_hex(path),
        size=Path(path).stat().st_size)
    events.package_written_event(actor=actor, package=outgoing)
    return outgoing


@dataclass
class ApplyResult:
    status: str
    package_id: str = ""
    kind: str = ""
    sender: str = ""
    reason: str = ""
    counts: dict = field(default_factory=dict)
    ack: Path | None = None

    @property
    def refused(self) -> bool:
        return self.status == IncomingStatus.REFUSED


def _key_lookup(sender_code: str, fingerprint: str) -> str | None:
    key = NodeKey.objects.filter(node__code=sender_code, fingerprint=fingerprint, revoked_at__isnull=True).first()
    return key.sign_public if key else None


def _validate(opened: packages.OpenedPackage, *, local: Node, pair: sealing.KeyPair) -> Node:
    """Every check before anything is applied; returns the sender's node."""
    manifest = opened.manifest
    if manifest.get("receiver") != local.code:
        raise PackageRefused(f"数据包是发给 {manifest.get('receiver')} 的，不是本节点 {local.code} / "
                             "addressed to another node")
    sender = Node.objects.filter(code=opened.sender).first()
    if sender is None:
        raise PackageRefused(f"发送方 {opened.sender} 未在本节点登记 / unknown sender")
    expected = {PackageKind.REPORT: sender.parent_id == local.pk, PackageKind.FLOWBACK: local.parent_id == sender.pk,
                PackageKind.ACK: sender.parent_id == local.pk or local.parent_id == sender.pk}
    if not expected.get(manifest.get("kind"), False):
        raise PackageRefused(f"{sender.code} 不能向本节点发送“{manifest.get('kind')}” / "
                             "this sender may not send this kind of package here")
    packages.check_signature(opened, key_lookup=_key_lookup)
    if manifest["kind"] != PackageKind.ACK and manifest.get("receiver_key") != pair.fingerprint:
        raise PackageRefused(f"数据包是用密钥 {manifest.get('receiver_key')} 加密的，本节点密钥为 {pair.fingerprint} / "
                             "sealed for another key of this node")
    packages.check_parts(opened)
    return sender


def package_apply(*, actor, local: Node, pair: sealing.KeyPair, path: Path, ack_path: Path | None = None
                  ) -> ApplyResult:
    """Check the whole package, then apply it in one transaction; a refusal changes nothing but the log.
    A package applied before is not applied again. Writes a signed ack next to it (reports, flowbacks)."""
    _require(actor)
    try:
        opened = packages.package_open(Path(path))
        sender = _validate(opened, local=local, pair=pair)
    except PackageRefused as refusal:
        return _refused(actor=actor, local=local, path=Path(path), reason=str(refusal))
    manifest = opened.manifest
    previous = IncomingPackage.objects.filter(receiver=local, package_id=manifest["id"],
                                              status=IncomingStatus.APPLIED).first()
    if previous is not None:
        return ApplyResult(status="duplicate", package_id=manifest["id"], kind=manifest["kind"], sender=sender.code,
                           counts=previous.counts,
                           reason="该数据包已接收过，未做任何改动 / already applied; nothing changed")
    try:
        with transaction.atomic():
            counts = _apply(opened, local=local, sender=sender, pair=pair)
            incoming = IncomingPackage.objects.create(
                package_id=manifest["id"], receiver=local, sender_code=sender.code, kind=manifest["kind"],
                status=IncomingStatus.APPLIED, counts=counts, digest=sm3_file_hex(path),
                watermark_to=packages.parse_wire_time(manifest.get("watermark", {}).get("to")))
            events.package_received_event(actor=actor, package=incoming)
    except (PackageRefused, sealing.SealError, ValueError, KeyError, TypeError) as error:
        return _refused(actor=actor, local=local, path=Path(path), reason=str(error), manifest=manifest)
    except IntegrityError:
        return _refused(actor=actor, local=local, path=Path(path), manifest=manifest,
                        reason="数据包中同一条记录出现了两次 / a record appears twice in the package")
    result = ApplyResult(status=IncomingStatus.APPLIED, package_id=manifest["id"], kind=manifest["kind"],
                         sender=sender.code, counts=counts)
    if manifest["kind"] != PackageKind.ACK:
        result.ack = ack_write(local=local, pair=pair, to=sender, acked=manifest, counts=counts,
                               path=ack_path or Path(path).with_suffix(".ack.zip"))
    return result


def _apply(opened: packages.OpenedPackage, *, local: Node, sender: Node, pair: sealing.KeyPair) -> dict:
    manifest = opened.manifest
    if manifest["kind"] == PackageKind.ACK:
        return ack_apply(local=local, sender=sender, manifest=manifest)
    shared = sealing.agreement_as_receiver(pair, manifest["seal"]["ephemeral"])
    counts: dict = {}
    for part in manifest["parts"]:
        if manifest["kind"] == PackageKind.REPORT and part["kind"] == records.DELETED:
            counts[part["kind"]] = receiving.tombstones_apply(opened.raw_lines(part, shared), local=local,
                                                              sender=sender, package_id=manifest["id"])
        elif manifest["kind"] == PackageKind.REPORT:
            counts[part["kind"]] = receiving.records_apply(opened.raw_lines(part, shared), local=local,
                                                           sender=sender, kind=part["kind"], package_id=manifest["id"])
        else:
            counts[part["kind"]] = flowback.flowback_apply(opened.lines(part, shared), local=local, sender=sender)
    return counts


def _refused(*, actor, local: Node, path: Path, reason: str, manifest: dict | None = None) -> ApplyResult:
    manifest = manifest or {}
    with transaction.atomic():
        incoming = IncomingPackage.objects.create(
            package_id=str(manifest.get("id", ""))[:36], receiver=local,
            sender_code=str(manifest.get("sender", ""))[:12],
            kind=manifest.get("kind", "") if manifest.get("kind") in PackageKind.values else "",
            status=IncomingStatus.REFUSED, reason=reason,
            digest=sm3_file_hex(path) if path.exists() else "")
        events.package_received_event(actor=actor, package=incoming)
    return ApplyResult(status=IncomingStatus.REFUSED, package_id=incoming.package_id, sender=incoming.sender_code,
                       kind=incoming.kind, reason=reason)


def ack_write(*, local: Node, pair: sealing.KeyPair, to: Node, acked: dict, counts: dict, path: Path) -> Path:
    """A signed receipt: an empty package naming the package applied and what came of it."""
    writer = packages.PackageWriter(path=Path(path), package_id=packages.new_package_id(),
                                    receiver_seal_public=_active_key(to).seal_public)
    writer.close(pair=pair, manifest={"kind": PackageKind.ACK, "sender": local.code, "receiver": to.code,
                                      "created_at": packages.wire_time(timezone.now()), "acks": acked["id"],
                                      "result": counts, "watermark": acked.get("watermark", {})})
    return Path(path)


def ack_apply(*, local: Node, sender: Node, manifest: dict) -> dict:
    """The receiver confirmed a package: the next incremental one starts after its watermark."""
    outgoing = OutgoingPackage.objects.filter(package_id=manifest.get("acks"), sender=local, receiver=sender).first()
    if outgoing is None:
        raise PackageRefused(f"回执所指的数据包 {manifest.get('acks')} 不是本节点发给 {sender.code} 的 / "
                             "the ack names no package this node sent there")
    if outgoing.status != OutgoingStatus.ACKED:
        outgoing.status, outgoing.acked_at = OutgoingStatus.ACKED, timezone.now()
        outgoing.ack_counts = manifest.get("result", {})
        outgoing.save()
        events.package_acked_event(actor=None, package=outgoing)
    return {"acked": 1}


@transaction.atomic
def conflict_decide(*, actor, scope: Scope, conflict: Conflict, decision: str, note: str = "") -> Conflict:
    """Record a decision on a conflict; a decision at a higher level flows back to both counties."""
    _require(actor)
    require_in_scope(scope=scope, area_code=conflict.area_code)
    conflict = Conflict.objects.select_for_update().get(pk=conflict.pk)
    if conflict.decision:
        raise ValidationError("该冲突已有决定 / this conflict was already decided")
    if decision not in ConflictDecision.values or not decision:
        raise ValidationError({"decision": "请选择一项决定 / choose a decision"})
    conflict.decision, conflict.note = decision, note.strip()[:300]
    conflict.decided_by, conflict.decided_at = actor, timezone.now()
    conflict.full_clean()
    conflict.save()
    events.conflict_decided_event(actor=actor, conflict=conflict)
    return conflict


@transaction.atomic
def flowback_handle(*, actor, scope: Scope, item: FlowbackItem, note: str = "") -> FlowbackItem:
    _require(actor)
    require_in_scope(scope=scope, area_code=item.area_code)
    item = FlowbackItem.objects.select_for_update().get(pk=item.pk)
    if item.handled_at is None:
        item.handled_by, item.handled_at, item.handled_note = actor, timezone.now(), note.strip()[:300]
        item.save()
        events.flowback_handled_event(actor=actor, item=item)
    return item
