from django import template

from guanai.audit.verbs import verb_label as label_of

register = template.Library()


@register.filter
def verb_label(verb: str) -> str:
    """新增服务对象 for person_created (audit.verbs); an unregistered verb as it is stored."""
    return label_of(verb)
