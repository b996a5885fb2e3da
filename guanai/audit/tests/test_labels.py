"""Every kind of object the code writes to the logs has a readable name, so a log page never shows a
code such as `analytics` or `subsidy_roster` to a reader."""

import re
from pathlib import Path

from django.utils import translation

from guanai.audit.labels import object_label

GUANAI = Path(__file__).resolve().parents[2]
WRITTEN = re.compile(r"""object_type=["']([a-z_]+)["']""")


def _codes_written() -> set[str]:
    codes = set()
    for path in GUANAI.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        codes.update(WRITTEN.findall(path.read_text(encoding="utf-8")))
    return codes


def test_every_object_type_written_has_a_label():
    codes = _codes_written()
    assert {"person", "case", "analytics", "subsidy_roster", "visit", "demo"} <= codes
    with translation.override("zh-hans"):
        assert [code for code in sorted(codes) if object_label(code) == code] == []


def test_labels_follow_the_readers_language():
    with translation.override("en"):
        assert object_label("analytics") != "统计数据"
