"""The font every PDF of Guanai is set in: Noto Sans SC, embedded (subset) in the file, so a printed
roster or visit record looks the same on any machine and no character falls back to a missing-glyph
box (reportlab's built-in STSong-Light is not embedded and lacks glyphs such as "·").

The file comes from the npm package @expo-google-fonts/noto-sans-sc (package.json; TrueType outlines,
which reportlab can embed; the OS's Noto Sans CJK .ttc has PostScript outlines, which it cannot).
PDF_FONT_FILE in the environment points elsewhere (any TrueType CJK font)."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

FONT_NAME = "NotoSansSC"
PACKAGED = Path("@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf")


def font_file() -> Path:
    configured = os.environ.get("PDF_FONT_FILE")
    return Path(configured) if configured else Path(settings.NODE_MODULES) / PACKAGED


@cache
def pdf_font() -> str:
    """Register the font with reportlab once per process and return its name for styles."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    path = font_file()
    if not path.exists():
        raise ImproperlyConfigured(f"PDF font {path} is missing: run `make setup` (npm ci) or set PDF_FONT_FILE")
    pdfmetrics.registerFont(TTFont(FONT_NAME, str(path)))
    return FONT_NAME
