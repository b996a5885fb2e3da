"""Messages stored as a key with parameters and rendered in the reader's language.

Text the system writes for people to read later (a notification's title, why someone holds a category
or no longer does) is stored as a `Message`: its key is the Chinese msgid with `%(name)s` placeholders
(marked with `gettext_noop` where it is written, so makemessages finds it), its parameters are names,
numbers and dates as written, other messages (a word that is translated too: 父亲, 死亡, a choice's
label) or lists of those. `render()` runs gettext on the key and on every nested message when the page
is drawn, so a Chinese reader and an English reader each see their own language from the same row.

`to_json()` / `Message.from_json()` are the stored form, a JSONField holding
{"key": ..., "params": {...}}; a nested message is the same dict, a list is {"list": [...], "sep": ...}.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext, pgettext_lazy

# List separators: the Chinese enumeration comma and the clause comma both read ", " in English.
_SEPARATORS = {"、": pgettext_lazy("list separator", "、"), "，": pgettext_lazy("clause separator", "，"),
               "；": pgettext_lazy("clauses separator", "；")}


class Message:
    """A key (the Chinese msgid) and its parameters; `str()` renders it in the active language."""

    __slots__ = ("key", "params")

    def __init__(self, key: str, **params: Any) -> None:
        self.key, self.params = key, params

    def render(self) -> str:
        text = gettext(self.key) if self.key else ""
        if not self.params:
            return text
        return text % {name: _render(value) for name, value in self.params.items()}

    def render_in(self, language: str) -> str:
        with translation.override(language):
            return self.render()

    __str__ = render

    def __repr__(self) -> str:
        return f"Message({self.key!r}, {self.params!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (self.key, self.params) == (other.key, other.params)

    def __hash__(self) -> int:
        return hash(self.key)

    def to_json(self) -> dict:
        return {"key": self.key, "params": {name: _dump(value) for name, value in self.params.items()}}

    @classmethod
    def from_json(cls, data: dict | None) -> Message | None:
        if not data or "key" not in data:
            return None
        return cls(data["key"], **{name: _load(value) for name, value in data.get("params", {}).items()})


class Listing:
    """Items joined with a separator that is translated too (、 and ， read ", " in English)."""

    __slots__ = ("items", "sep")

    def __init__(self, items, sep: str = "、") -> None:
        if sep not in _SEPARATORS:
            raise ValueError(f"unknown separator {sep!r}")
        self.items, self.sep = list(items), sep

    def render(self) -> str:
        return str(_SEPARATORS[self.sep]).join(_render(item) for item in self.items)

    __str__ = render

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Listing) and (self.items, self.sep) == (other.items, other.sep)

    def __hash__(self) -> int:
        return hash(self.sep)

    def __bool__(self) -> bool:
        return bool(self.items)


def word(key: str) -> Message:
    """A translated word without parameters (a choice's Chinese label, 父亲, 死亡)."""
    return Message(key)


def label_word(label) -> Message:
    """A choice's label (a lazy gettext string) as a word: its key is the Chinese msgid."""
    with translation.override("zh-hans"):
        return Message(str(label))


def message_text(data: dict | None, fallback: str = "") -> str:
    """A stored message rendered in the active language; `fallback` (text as stored, say what a person
    typed) when there is none."""
    message = Message.from_json(data)
    return message.render() if message is not None else fallback


def _render(value: Any) -> str:
    if isinstance(value, (Message, Listing)):
        return value.render()
    return str(value)


def _dump(value: Any):
    if isinstance(value, Message):
        return value.to_json()
    if isinstance(value, Listing):
        return {"list": [_dump(item) for item in value.items], "sep": value.sep}
    if isinstance(value, (int, str)):
        return value
    return str(value)


def _load(value: Any):
    if isinstance(value, dict) and "list" in value:
        return Listing([_load(item) for item in value["list"]], value.get("sep", "、"))
    if isinstance(value, dict) and "key" in value:
        return Message.from_json(value)
    return value
