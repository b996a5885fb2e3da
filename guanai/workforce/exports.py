"""The roster of posts and holders as .xlsx, in the columns the import reads (imports.py), so a
county can download it, correct it and upload it again; empty, it is the import's template."""

from __future__ import annotations

import datetime
from typing import IO

from guanai.sheets.writing import Column, SheetOut, xlsx_write
from guanai.workforce.imports import LABELS
from guanai.workforce.models import Post, Tenure

FIELDS = ("kind", "area_code", "title", "established_on", "name", "phone", "background", "started_on",
          "trained_on", "certificate_no", "certificate_on", "username")
TEXT_FIELDS = {"area_code", "phone", "certificate_no", "username"}
NOTES = {"kind": "儿童督导员、儿童主任、社工站社工或设施工作人员",
         "area_code": "督导员、社工填乡镇(街道)代码，儿童主任填村(社区)代码",
         "name": "空岗不填", "started_on": "填写了姓名的必填"}


def _row(post: Post, tenure: Tenure | None) -> list:
    holder = [tenure.name, tenure.phone, tenure.get_background_display() if tenure.background else "",
              tenure.started_on, tenure.trained_on, tenure.certificate_no, tenure.certificate_on,
              tenure.user.username if tenure.user else ""] if tenure else [""] * 8
    return [post.get_kind_display(), post.area_id, post.title, post.established_on, *holder]


def roster_xlsx(out: IO[bytes], *, posts: list[Post], holders: dict[int, Tenure], on: datetime.date) -> None:
    columns = [Column(LABELS[f], width=14 if f != "kind" else 12, text=f in TEXT_FIELDS, note=NOTES.get(f, ""))
               for f in FIELDS]
    xlsx_write(out, sheets=[SheetOut(name="工作队伍名册", columns=columns,
                                     title_rows=[[f"工作队伍名册（{on:%Y年%m月%d日}）"]],
                                     rows=(_row(p, holders.get(p.pk)) for p in posts))])
