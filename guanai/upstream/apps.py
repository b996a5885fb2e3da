from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UpstreamConfig(AppConfig):
    """省级系统 / 数据回流: installations as nodes of a tree, signed packages up, flowback down."""

    name = "guanai.upstream"
    label = "upstream"
    verbose_name = _("上报与回流")

    def ready(self) -> None:
        from guanai.people.idkeys import rekey_register
        from guanai.upstream.models import Conflict, ReceivedRecord

        rekey_register(label="upstream.ReceivedRecord", model=ReceivedRecord, cipher="id_number_cipher",
                       digest="id_number_digest")
        rekey_register(label="upstream.Conflict", model=Conflict, digest="id_number_digest")
        from guanai.audit.verbs import verbs_register
        from guanai.upstream.tombstones import tombstones_connect

        tombstones_connect()

        verbs_register({
            "node_key_registered": pgettext_lazy("audit event", "登记节点密钥"),
            "package_written": pgettext_lazy("audit event", "生成数据包"),
            "package_sent": pgettext_lazy("audit event", "发送数据包"),
            "package_send_failed": pgettext_lazy("audit event", "数据包发送失败"),
            "package_acked": pgettext_lazy("audit event", "数据包已确认接收"),
            "package_applied": pgettext_lazy("audit event", "接收数据包"),
            "package_refused": pgettext_lazy("audit event", "拒收数据包"),
            "conflict_decided": pgettext_lazy("audit event", "决定数据冲突"),
            "flowback_handled": pgettext_lazy("audit event", "处理回流事项"),
        })
