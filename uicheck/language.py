"""One language at a time: find words of the other language in a page's visible text.

Chinese pages: a run of Latin letters is a finding unless it is an allowed word (a file type, a unit,
the product's English name, the language switch) or part of a code (letters mixed with digits).
English pages: a run of Chinese characters is a finding unless it is a name the data holds (a person,
a place, a user, a facility) or one of the few words allowed in both (the language switch's 中文, the
product's name 关爱)."""

from __future__ import annotations

import re

LATIN = re.compile(r"(?<![\w.@/-])[A-Za-z][A-Za-z_]*[A-Za-z](?![\w@/-])")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
# Names Chinese text writes in Latin letters: file formats and the programs that open them (Word, WPS,
# Excel), the authenticator apps a two-factor page names (Microsoft Authenticator, FreeOTP), protocols and
# acronyms (HTTPS, IP, ID, TOTP), units. Not English words: those must be translated.
ALLOWED_LATIN = {"PDF", "Excel", "CSV", "xlsx", "csv", "pdf", "EN", "Guanai", "ID", "API", "OpenAPI", "CPI",
                 "Ctrl", "PNG", "GB", "SM", "KB", "MB", "htmx", "WAL", "AM", "PM", "No", "vs", "QR", "App", "PIN",
                 "Word", "WPS", "HTTPS", "IP",
                 "TOTP", "Microsoft", "Authenticator", "FreeOTP"}
ALLOWED_CJK = {"中文", "关爱", "简体中文"}


def latin_findings(text: str) -> list[str]:
    return sorted({w for w in LATIN.findall(text) if w not in ALLOWED_LATIN and len(w) > 1})


def cjk_findings(text: str, names: set[str]) -> list[str]:
    """CJK runs left after every known name is taken out of the text (longest names first)."""
    for name in sorted(names, key=len, reverse=True):
        if len(name) >= 2 and name in text:
            text = text.replace(name, " ")
    return sorted({run for run in CJK.findall(text) if run not in ALLOWED_CJK})
