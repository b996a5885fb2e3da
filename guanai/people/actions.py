"""Buttons on a person's page offered by the apps above people (record a visit, file a report, apply
for a benefit). People never imports those apps: each registers an action in its AppConfig.ready()."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class PersonAction:
    label: str  # a lazy translation, shown as the button's text
    url_name: str
    capability: str
    by_path: bool = False  # True: the url takes person_id; False: ?person=<pk>

    def url_for(self, person_id: int) -> str:
        if self.by_path:
            return reverse(self.url_name, kwargs={"person_id": person_id})
        return f"{reverse(self.url_name)}?person={person_id}"


PERSON_ACTIONS: list[PersonAction] = []


def person_action_register(action: PersonAction) -> PersonAction:
    if action not in PERSON_ACTIONS:
        PERSON_ACTIONS.append(action)
    return action


def person_actions_for(*, user, person_id: int) -> list[tuple[str, str]]:
    """(label, url) for each registered action the user's role may take."""
    return [(str(a.label), a.url_for(person_id)) for a in PERSON_ACTIONS if user.can(a.capability)]


