"""Domain events of reporting up and flowing back (Saleor's events.py). Event data holds codes,
counts and reasons, never personal values."""

from guanai.audit.models import Event
from guanai.audit.services import event_record
from guanai.upstream.models import Conflict, FlowbackItem, IncomingPackage, NodeKey, OutgoingPackage


def key_registered_event(*, actor, key: NodeKey) -> Event:
    return event_record(actor=actor, verb="node_key_registered", object_type="node", object_id=key.node.code,
                        area_code=key.node.code, data={"fingerprint": key.fingerprint})


def package_written_event(*, actor, package: OutgoingPackage) -> Event:
    return event_record(actor=actor, verb="package_written", object_type="package", object_id=package.package_id,
                        area_code=package.sender.code, data={"to": package.receiver.code, "kind": package.kind,
                                                             "full": package.full, "counts": package.counts})


def package_sent_event(*, actor, package: OutgoingPackage, ok: bool) -> Event:
    verb = "package_sent" if ok else "package_send_failed"
    return event_record(actor=actor, verb=verb, object_type="package", object_id=package.package_id,
                        area_code=package.sender.code, data={"attempts": len(package.attempts)})


def package_acked_event(*, actor, package: OutgoingPackage) -> Event:
    return event_record(actor=actor, verb="package_acked", object_type="package", object_id=package.package_id,
                        area_code=package.sender.code, data={"result": package.ack_counts})


def package_received_event(*, actor, package: IncomingPackage) -> Event:
    return event_record(actor=actor, verb=f"package_{package.status}", object_type="package",
                        object_id=package.package_id, area_code=package.receiver.code,
                        data={"from": package.sender_code, "kind": package.kind, "counts": package.counts,
                              "reason": package.reason[:300]})


def conflict_decided_event(*, actor, conflict: Conflict) -> Event:
    return event_record(actor=actor, verb="conflict_decided", object_type="conflict", object_id=str(conflict.pk),
                        area_code=conflict.area_code, data={"kind": conflict.kind, "decision": conflict.decision})


def flowback_handled_event(*, actor, item: FlowbackItem) -> Event:
    return event_record(actor=actor, verb="flowback_handled", object_type="flowback", object_id=str(item.pk),
                        area_code=item.area_code, data={"topic": item.topic})
