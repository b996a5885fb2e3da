"""Readable names for what the logs store as codes: the kind of object (person -> 服务对象, from the
model's verbose name) and the reasons services write (need_to_know -> 不在知情范围内). A page shows
these in the reader's language; the stored rows keep the codes. Free text (a break-the-glass reason
a person typed) is shown as it is."""

from __future__ import annotations

from functools import cache

from django.apps import apps
from django.utils.translation import gettext_lazy as _

# Kinds that are not a model of their own.
OBJECT_LABELS = {"demo": _("演示数据"), "visit_rates": _("探访率统计"), "follow_up": _("探访对象"),
                 "import_job": _("导入任务"), "api_token": _("接口令牌"), "person_list": _("服务对象名单"),
                 "analytics": _("统计数据"), "api_call": _("接口调用"), "backup": _("备份"),
                 "comparison": _("数据比对"), "comparison_mapping": _("比对表头对照"),
                 "field_bundle": _("离线探访数据包"), "field_visit": _("离线探访"), "flowback": _("回流事项"),
                 "indicator_records": _("指标明细"), "package": _("数据包"), "payments_audit": _("发放审计表"),
                 "report": _("工作报告"), "visit": _("探访记录"), "id_key": _("身份证号加密密钥"),
                 "resident_population_import": _("常住人口导入")}

# Reasons written by code (the rest is text a person typed).
REASON_LABELS = {
    "need_to_know": _("不在知情范围内"),
    "outside_scope": _("不在辖区内"),
    "break_glass_not_allowed": _("无权紧急查阅"),
    "id_number_reveal": _("查看完整身份证号"),
    "admin": _("系统管理后台"),
    "visit record PDF": _("打印探访记录"),
    "csv": _("导出 CSV"),
    "xlsx": _("导出 Excel"),
    "pdf": _("导出 PDF"),
}


@cache
def _model_names() -> dict[str, object]:
    return {model._meta.model_name: model._meta.verbose_name for model in apps.get_models()}


def object_label(object_type: str) -> str:
    """个案 for "case"; a model's verbose name for its model name; the code itself when unknown."""
    key = object_type.replace("_", "")
    label = OBJECT_LABELS.get(object_type) or _model_names().get(key)
    return str(label) if label else object_type


def reason_label(reason: str) -> str:
    label = REASON_LABELS.get(reason)
    return str(label) if label else reason
