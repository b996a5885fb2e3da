"""The payments audit as a CSV file (the county's month: every exclusion, top-up and stop with its
reason). Streamed row by row; amounts as yuan text from integer fen (money.yuan_text), never a float.
The bank's payment file and the printable roster are exports.py's."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import date

from guanai.core.money import yuan_text

HEADER = ("月份", "类别", "情形", "补贴项目", "对象编号", "姓名", "区划代码", "金额(元)", "理由", "规则版本")
SECTIONS = {"exclusion": "未发放", "top_up": "补差发放", "adjustment": "调整（追回/补发）", "stop": "停发"}


class _Echo:
    def write(self, value: str) -> str:
        return value


def audit_csv(rows: Iterable, *, month: date) -> Iterator[str]:
    """UTF-8 with a BOM so that Excel opens the Chinese text as it is."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(HEADER)
    for r in rows:
        amount = yuan_text(r.amount_fen, grouping=False) if r.amount_fen is not None else ""
        yield writer.writerow((f"{month:%Y-%m}", SECTIONS[r.section], r.kind, r.programme, r.person_id,
                               r.person_name, r.area_code, amount, r.reason, r.rule_version))
