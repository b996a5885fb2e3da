"""Which node this server is (settings.GUANAI_NODE_CODE) and its key pair (GUANAI_NODE_KEY_FILE)."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

from guanai.areas.models import Area
from guanai.upstream import sealing
from guanai.upstream.models import Node


def local_node() -> Node:
    node = Node.objects.filter(code=settings.GUANAI_NODE_CODE).first()
    if node is None:
        area = Area.objects.filter(pk=settings.GUANAI_NODE_CODE).first()
        if area is None:
            raise ValidationError(f"GUANAI_NODE_CODE={settings.GUANAI_NODE_CODE} 不是已载入的区划 / not a loaded area")
        node = Node.objects.create(code=area.pk, name=area.name)
    return node


def local_keypair() -> sealing.KeyPair:
    return sealing.keypair_load(Path(settings.GUANAI_NODE_KEY_FILE))
