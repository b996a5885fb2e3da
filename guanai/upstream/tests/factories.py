"""Three installations in one test database: 凤县 (610330) reports to 宝鸡市 (6103), which reports to
陕西省 (61); 太白县 (610331) is 凤县's neighbour under 宝鸡市. Each node has its own key pair, held
in memory, with the public halves registered (in real life, at each installation's own database)."""

from dataclasses import dataclass

from guanai.upstream import sealing, services
from guanai.upstream.models import Node


@dataclass
class Installation:
    node: Node
    pair: sealing.KeyPair


def installations_make() -> dict[str, Installation]:
    made = {}
    for code, name, parent in [("61", "陕西省", None), ("6103", "宝鸡市", "61"), ("610330", "凤县", "6103"),
                               ("610331", "太白县", "6103")]:
        node = services.node_register(actor=None, code=code, name=name, parent_code=parent)
        pair = sealing.keypair_generate()
        services.key_register(actor=None, node=node, sign_public=pair.sign_public, seal_public=pair.seal_public)
        made[code] = Installation(node=node, pair=pair)
    return made
