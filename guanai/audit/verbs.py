"""Readable names for the event log's verbs (person_created -> 新增服务对象).

The audit app sits below the apps that write events, so each app registers the labels of its own
verbs in its AppConfig.ready(); verbs built from a step or status (case_assessment,
referral_accepted) register a family: a prefix, a word and the choices the rest comes from
(个案：完成评估). A verb nobody registered is shown as it is stored.
"""

from collections.abc import Mapping

from django.db.models import TextChoices
from django.utils.text import format_lazy

_LABELS: dict[str, object] = {}
_FAMILIES: dict[str, tuple[object, type[TextChoices]]] = {}


def verbs_register(labels: Mapping[str, object]) -> None:
    """Labels (lazy translations) of an app's verbs."""
    _LABELS.update(labels)


def verb_family_register(prefix: str, word: object, choices: type[TextChoices]) -> None:
    """Verbs `prefix + a value of choices`, named "word：the value's label"."""
    _FAMILIES[prefix] = (word, choices)


def verb_label(verb: str) -> str:
    if verb in _LABELS:
        return str(_LABELS[verb])
    for prefix, (word, choices) in _FAMILIES.items():
        if verb.startswith(prefix) and (value := verb.removeprefix(prefix)) in choices.values:
            return str(format_lazy("{}：{}", word, choices(value).label))
    return verb


def verb_choices() -> list[tuple[str, str]]:
    """(verb, label) of every registered verb, by label: the event log's filter offers these."""
    return sorted(((verb, str(label)) for verb, label in _LABELS.items()), key=lambda pair: pair[1])
