"""Readable names for the event log's verbs (person_created -> 新增服务对象).

The audit app sits below the apps that write events, so each app registers the labels of its own
verbs in its AppConfig.ready(); verbs built from a step or status (case_assessment,
referral_accepted) register a family: a prefix and a function naming the rest. A verb nobody
registered is shown as it is stored.
"""

from collections.abc import Callable, Mapping

_LABELS: dict[str, object] = {}
_FAMILIES: dict[str, Callable[[str], object | None]] = {}


def verbs_register(labels: Mapping[str, object]) -> None:
    """Labels (lazy translations) of an app's verbs."""
    _LABELS.update(labels)


def verb_family_register(prefix: str, label_of: Callable[[str], object | None]) -> None:
    """Verbs `prefix + something`, named by `label_of(something)` (None: not one of ours)."""
    _FAMILIES[prefix] = label_of


def verb_label(verb: str) -> str:
    if verb in _LABELS:
        return str(_LABELS[verb])
    for prefix, label_of in _FAMILIES.items():
        if verb.startswith(prefix) and (label := label_of(verb.removeprefix(prefix))) is not None:
            return str(label)
    return verb
