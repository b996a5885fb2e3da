from django import template

from guanai.audit import labels
from guanai.audit.verbs import verb_label as label_of

register = template.Library()


@register.filter
def verb_label(verb: str) -> str:
    """新增服务对象 for person_created (audit.verbs); an unregistered verb as it is stored."""
    return label_of(verb)


@register.filter
def object_label(object_type: str) -> str:
    """个案 for "case" (audit.labels)."""
    return labels.object_label(object_type)


@register.filter
def reason_label(reason: str) -> str:
    """不在知情范围内 for "need_to_know"; typed text as it is."""
    return labels.reason_label(reason)
