"""One language at a time for messages written "中文 / English".

Older services raise errors with both languages in one string ("身份证号校验码不正确 / check character is
wrong"), so that a log or the CLI reads in either. A page shows only the reader's half: every place
that puts a message on a page (form errors, flash messages, import reports) passes it through
`reader_text`. New messages are written with gettext and parameters instead
(`ValidationError(_("第%(row)s行…"), params={"row": n})`), which Django renders in the reader's
language when the page is drawn.
"""

from __future__ import annotations

import re

from django.utils import translation

CJK = re.compile(r"[\u3400-\u9fff]")
SEPARATOR = " / "


def split_bilingual(message: str) -> tuple[str, str] | None:
    """("中文", "English") when `message` is a bilingual pair, else None. The separator is the first
    " / " with Chinese before it and an ASCII letter, digit or quote right after it."""
    start = 0
    while (at := message.find(SEPARATOR, start)) != -1:
        left, right = message[:at], message[at + len(SEPARATOR):]
        if CJK.search(left) and right[:1].isascii() and right[:1] not in (" ", "/") and right.strip():
            return left.rstrip(), right.strip()
        start = at + 1
    return None


def reader_text(message, language: str | None = None) -> str:
    """The half of a bilingual message in `language` (default: the active one); other text unchanged."""
    text = str(message)
    pair = split_bilingual(text)
    if pair is None:
        return text
    language = language or translation.get_language() or "zh-hans"
    return pair[1] if language.startswith("en") else pair[0]
