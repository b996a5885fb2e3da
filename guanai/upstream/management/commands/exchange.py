"""guanai exchange pack|apply|keys: reporting up and flowing back from the command line
(docs/guide/carrying-packages.md). Thin: parse, call one service, print."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from guanai.upstream import sealing, selectors, services, transport
from guanai.upstream.installation import local_keypair, local_node
from guanai.upstream.models import Node


class Command(BaseCommand):
    help = "上报与回流数据包：pack 生成、apply 检查并接收、keys 登记和列出密钥 / packages up and back"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        pack = sub.add_parser("pack", help="生成数据包 / write a package")
        pack.add_argument("--to", required=True, help="接收节点的区划代码 / the receiving node's code")
        pack.add_argument("--full", action="store_true", help="全量（默认只含上次确认以来的变化） / everything")
        pack.add_argument("-o", "--output", required=True, type=Path)
        pack.add_argument("--push", action="store_true", help="生成后通过 HTTPS 发送 / then send it over HTTPS")
        apply = sub.add_parser("apply", help="检查并接收数据包或回执 / check and apply a package or an ack")
        apply.add_argument("file", type=Path)
        apply.add_argument("--ack", type=Path, help="回执文件写到哪里（默认与数据包同目录） / where to write the ack")
        keys = sub.add_parser("keys", help="登记和列出节点与密钥 / register and list nodes and keys")
        keys.add_argument("--generate", action="store_true", help="生成本节点密钥对 / create this node's key pair")
        keys.add_argument("--register", metavar="CODE", help="登记另一节点 / register another node")
        keys.add_argument("--name", default="")
        keys.add_argument("--parent", default=None, help="该节点的上级节点代码 / its parent's code")
        keys.add_argument("--url", default="")
        keys.add_argument("--sign", default="", help="该节点的签名公钥 / its signing public key (hex)")
        keys.add_argument("--seal", default="", help="该节点的加密公钥 / its sealing public key (hex)")

    def handle(self, *args, action: str, **options) -> None:
        try:
            getattr(self, f"_{action}")(**options)
        except (ValidationError, sealing.SealError, transport.PushError, Node.DoesNotExist) as error:
            raise CommandError(getattr(error, "messages", [str(error)])[0]) from None

    def _pack(self, *, to: str, full: bool, output: Path, push: bool, **_) -> None:
        local, receiver = local_node(), Node.objects.get(code=to)
        package = services.package_pack(actor=None, local=local, pair=local_keypair(), to=receiver, path=output,
                                        full=full)
        counts = "，".join(f"{kind} {n}" for kind, n in package.counts.items())
        self.stdout.write(f"{package.get_kind_display()} {package.package_id} → {receiver}: {counts}；"
                          f"{package.size} 字节 → {output}")
        if push:
            ack = output.with_suffix(".ack.zip")
            ack.write_bytes(transport.package_push(actor=None, package=package, path=output))
            self._apply(file=ack, ack=None)

    def _apply(self, *, file: Path, ack: Path | None, **_) -> None:
        result = services.package_apply(actor=None, local=local_node(), pair=local_keypair(), path=file, ack_path=ack)
        if result.refused:
            raise CommandError(f"拒收 / refused {file}: {result.reason}")
        self.stdout.write(f"{result.status} {result.kind} {result.package_id} ← {result.sender}: {result.counts}")
        if result.reason:
            self.stdout.write(result.reason)
        if result.ack:
            self.stdout.write(f"回执 / ack → {result.ack}（交回发送方运行 guanai exchange apply）")

    def _keys(self, *, generate: bool, register: str | None, name: str, parent: str | None, url: str, sign: str,
              seal: str, **_) -> None:
        if generate:
            path = Path(settings.GUANAI_NODE_KEY_FILE)
            if path.exists():
                raise CommandError(f"{path} 已存在，不会覆盖 / exists; not overwritten")
            pair = sealing.keypair_generate()
            sealing.keypair_save(pair, path, node_code=settings.GUANAI_NODE_CODE)
            services.key_register(actor=None, node=local_node(), sign_public=pair.sign_public,
                                  seal_public=pair.seal_public)
            self.stdout.write(f"已生成 / created {path}")
        if register:
            node = services.node_register(actor=None, code=register, name=name or register, parent_code=parent, url=url)
            if sign or seal:
                services.key_register(actor=None, node=node, sign_public=sign, seal_public=seal)
        for node, key in selectors.node_keys():
            mark = "*" if node.code == settings.GUANAI_NODE_CODE else " "
            parent_code = node.parent.code if node.parent else "-"
            line = f"{mark} {node.code:<12} {node.name:<12} 上级 {parent_code:<8}"
            if key:
                line += f" 指纹 {key.fingerprint}  签名 {key.sign_public}  加密 {key.seal_public}"
            self.stdout.write(line + (f"  {node.url}" if node.url else ""))
