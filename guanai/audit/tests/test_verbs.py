"""Every verb the code writes has a readable name; unknown verbs show as stored."""

import re
from pathlib import Path

from django.utils import translation

from guanai.audit.verbs import verb_label

ROOT = Path(__file__).resolve().parents[2]


def written_verbs() -> set[str]:
    found = set()
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        found.update(re.findall(r'verb="([a-z_]+)"', text))
        found.update(re.findall(r'^[A-Z_]+_LOADED = "([a-z_]+)"', text, re.MULTILINE))  # the demo's verbs
    return found


def test_every_literal_verb_has_a_label():
    verbs = written_verbs()
    assert len(verbs) > 40
    assert [v for v in sorted(verbs) if verb_label(v) == v] == []


def test_families_and_unknown_verbs():
    assert verb_label("person_created") == "新增服务对象"
    assert verb_label("case_assessment").startswith("个案：")
    assert verb_label("referral_accepted").startswith("转介：")
    assert verb_label("import_job_done").startswith("导入任务：")
    assert [v for v in ("person_transfer_accepted", "person_transfer_refused") if verb_label(v) == v] == []
    assert verb_label("case_no_such_step") == "case_no_such_step"
    assert verb_label("something_new") == "something_new"
    with translation.override("en"):
        assert verb_label("person_created") == "Person added"
