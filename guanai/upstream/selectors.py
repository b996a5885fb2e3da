"""Every read of reporting up and flowing back. Node-level logs hold codes and counts only; the
records, conflicts and worklist items hold personal data and go through the scoping rule."""

from django.db.models import QuerySet
from django.http import Http404

from guanai.accounts.scoping import Scope, scoped_by_code
from guanai.upstream.models import (
    Conflict,
    FlowbackItem,
    IncomingPackage,
    Node,
    NodeKey,
    OutgoingPackage,
    ReceivedRecord,
    RecordKind,
)


class ConflictNotFound(Http404):
    pass


class FlowbackItemNotFound(Http404):
    pass


def node_keys() -> list[tuple[Node, NodeKey | None]]:
    active = {k.node_id: k for k in NodeKey.objects.filter(revoked_at__isnull=True)}
    return [(node, active.get(node.pk)) for node in Node.objects.select_related("parent").order_by("code")]


def outgoing_list(*, node: Node) -> QuerySet[OutgoingPackage]:
    return OutgoingPackage.objects.filter(sender=node).select_related("receiver")


def incoming_list(*, node: Node) -> QuerySet[IncomingPackage]:
    return IncomingPackage.objects.filter(receiver=node)


def received_people(*, scope: Scope, node: Node) -> QuerySet[ReceivedRecord]:
    return scoped_by_code(ReceivedRecord.objects.filter(receiver=node, kind=RecordKind.PERSON, deleted=False),
                          scope=scope
                          ).order_by("area_code", "key")


def _conflicts(*, scope: Scope, node: Node) -> QuerySet[Conflict]:
    return scoped_by_code(Conflict.objects.filter(node=node), scope=scope)


def conflict_list(*, scope: Scope, node: Node, decided: bool = False) -> QuerySet[Conflict]:
    """The conflicts still waiting for a decision, or (decided=True) those decided."""
    conflicts = _conflicts(scope=scope, node=node)
    return conflicts.exclude(decision="") if decided else conflicts.filter(decision="")


def conflict_get(*, scope: Scope, node: Node, pk: int) -> Conflict:
    conflict = _conflicts(scope=scope, node=node).filter(pk=pk).first()
    if conflict is None:
        raise ConflictNotFound
    return conflict


def flowback_list(*, scope: Scope, node: Node, open_only: bool = True) -> QuerySet[FlowbackItem]:
    items = scoped_by_code(FlowbackItem.objects.filter(node=node), scope=scope)
    return items.filter(handled_at__isnull=True) if open_only else items


def flowback_get(*, scope: Scope, node: Node, pk: int) -> FlowbackItem:
    item = flowback_list(scope=scope, node=node, open_only=False).filter(pk=pk).first()
    if item is None:
        raise FlowbackItemNotFound
    return item
