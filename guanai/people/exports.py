"""People out to Excel (issue 4, "Export"): the filtered list, masked per role, and the import template.

The export's headers are the import's own (people.headers.CANONICAL_HEADER), and every row carries
its record key (记录编号, recordkeys.py), so an exported sheet can be edited in Excel and imported back
as updates of the same people whether its ID numbers are whole or masked (issue 16, "Round trip").
ID numbers are masked unless the caller's role has Capability.ID_NUMBER_VIEW *and* the caller asked
for whole numbers; every export is written to the AccessLog (action "export") with its row count,
filters and whether numbers were whole, and a whole-number export also writes one "unmask" row per
person in it, as revealing each number on its page would.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from django.db.models import TextChoices
from django.utils import timezone

from guanai.accounts.roles import Capability, require_capability
from guanai.accounts.scoping import Scope
from guanai.audit.models import AccessAction
from guanai.audit.services import access_log_write, access_logs_write_many, purpose_check
from guanai.people import idcipher
from guanai.people.choices import PERSON_CHOICES
from guanai.people.headers import CANONICAL_HEADER
from guanai.people.models import Category, Person
from guanai.people.recordkeys import record_key
from guanai.people.schemas import PersonFilter
from guanai.people.selectors import person_list
from guanai.sheets.writing import Column, SheetOut, csv_write, xlsx_write

EXPORT_FIELDS = ("name", "id_number", "sex", "birth_date", "township", "village", "area_code", "phone", "hukou_type",
                 "address", "living_arrangement", "is_migrant_worker", "away_scope", "away_place", "away_since",
                 "disability_type", "disability_grade", "care_need", "severe_illness", "custody_type",
                 "custody_since", "custody_term_months", "out_of_contact_since", "died_on", "dibao", "tekun",
                 "bereaved_one_child_family", "in_full_time_school", "notes")
TEXT_FIELDS = frozenset({"id_number", "phone", "area_code"})
CHOICES: dict[str, type[TextChoices]] = PERSON_CHOICES
DERIVED_HEADERS = ("对象类别", "风险等级")  # read-only columns: the import ignores them
RECORD_KEY_HEADER = CANONICAL_HEADER["record_key"]
RECORD_KEY_NOTE = "请勿修改：导回修改后的表格时，系统凭此找到同一人（身份证号已脱敏时也能更新）"
UNMASK_LOG_BATCH = 2000  # unmask rows written per insert during a whole-number export
RISK_LABELS = {"high": "高", "medium": "中", "low": "低"}


@dataclass(frozen=True)
class ExportResult:
    rows: int
    unmasked: bool


def _columns() -> list[Column]:
    return [Column(CANONICAL_HEADER[name], text=name in TEXT_FIELDS,
                   width=20 if name in {"id_number", "address", "village"} else None) for name in EXPORT_FIELDS] + [
        Column(header, width=24 if header == "对象类别" else None) for header in DERIVED_HEADERS] + [
        Column(RECORD_KEY_HEADER, text=True, width=18, note=RECORD_KEY_NOTE)]


def _value(person: Person, name: str, *, unmasked: bool):
    if name == "id_number":
        if unmasked and person.id_number_cipher:
            return idcipher.decrypt(person.id_number_cipher)
        return person.id_number_masked
    if name == "village":
        return person.area.short_name
    if name == "township":
        return person.area.parent.short_name if person.area.parent_id else ""
    if name == "area_code":
        return person.area_id
    value = getattr(person, name)
    if name in CHOICES:
        return str(CHOICES[name](value).label) if value else ""
    return value


def _rows(people, *, unmasked: bool, counter: list[int], revealed: "_UnmaskLog") -> Iterator[list]:
    for person in people:
        counter[0] += 1
        categories = "、".join(str(Category(s.category).label) for s in getattr(person, "open_spells", []))
        if unmasked and person.id_number_cipher:
            revealed.add(person)
        yield [_value(person, name, unmasked=unmasked) for name in EXPORT_FIELDS] + [
            categories, RISK_LABELS.get(person.risk_level, ""), record_key(person.pk)]


class _UnmaskLog:
    """One access-log row per whole ID number an export reveals, written in batches as rows stream."""

    def __init__(self, *, actor, ip_address: str | None, purpose: str = "", purpose_text: str = ""):
        self.actor, self.ip_address, self.pending = actor, ip_address, []
        self.purpose, self.purpose_text = purpose, purpose_text

    def add(self, person: Person) -> None:
        self.pending.append(person)
        if len(self.pending) >= UNMASK_LOG_BATCH:
            self.flush()

    def flush(self) -> None:
        access_logs_write_many(user=self.actor, action=AccessAction.UNMASK, object_type="person",
                               objects=[(p.pk, p.area_id) for p in self.pending], detail={"via": "export"},
                               ip_address=self.ip_address, purpose=self.purpose, reason=self.purpose_text)
        self.pending = []


def people_export(out: IO, *, actor, scope: Scope, filters: PersonFilter | None = None, unmasked: bool = False,
                  fmt: str = "xlsx", ip_address: str | None = None, purpose: str = "",
                  purpose_text: str = "") -> ExportResult:
    """Write the filtered list to `out` (binary for xlsx; text, utf-8-sig, newline="" for csv).
    `actor` None is a system export (the command line without --user). Whole ID numbers need a
    purpose from the list (audit.AccessPurpose), recorded with the access rows."""
    require_capability(actor, Capability.PEOPLE_EXPORT, allow_system=True)
    if unmasked:
        require_capability(actor, Capability.ID_NUMBER_VIEW, allow_system=True)
    purpose, purpose_text = purpose_check(purpose=purpose, text=purpose_text) if unmasked else ("", "")
    people = person_list(scope=scope, filters=filters).select_related("area__parent")
    counter = [0]
    revealed = _UnmaskLog(actor=actor, ip_address=ip_address, purpose=purpose, purpose_text=purpose_text)
    rows = _rows(people.iterator(chunk_size=2000), unmasked=unmasked, counter=counter, revealed=revealed)
    if fmt == "csv":
        csv_write(out, columns=_columns(), rows=rows)
    else:
        xlsx_write(out, sheets=[SheetOut(name="服务对象", columns=_columns(), rows=rows)])
    revealed.flush()
    access_log_write(user=actor, action=AccessAction.EXPORT, object_type="person", area_code=scope.prefix,
                     detail={"rows": counter[0], "unmasked": unmasked, "format": fmt,
                             "filters": filters.model_dump(mode="json", exclude_none=True) if filters else {}},
                     ip_address=ip_address, purpose=purpose, reason=purpose_text)
    return ExportResult(rows=counter[0], unmasked=unmasked)


# --- the import template ----------------------------------------------------------------------------------

TEMPLATE_FIELDS = ("name", "id_number", "sex", "birth_date", "township", "village", "phone", "hukou_type", "address",
                   "living_arrangement", "is_migrant_worker", "away_scope", "away_place", "away_since",
                   "disability_type", "disability_grade", "care_need", "severe_illness", "dibao", "tekun",
                   "bereaved_one_child_family", "in_full_time_school", "notes")
EXAMPLE = {"name": "王秀英", "id_number": "610330195001020021", "sex": "女", "birth_date": "1950-01-02",
           "township": "双石铺镇", "village": "新民街社区", "phone": "13800138000", "hukou_type": "农业户口",
           "address": "新民街12号", "living_arrangement": "独居", "is_migrant_worker": "否", "dibao": "是",
           "tekun": "否",
           "notes": "示例行，导入前请删除 / example row: delete before importing"}
NOTES = [
    ("身份证号", "请把该列设为“文本”格式，18位；写成数字(如6.10330E+17)的会被拒绝，不会推测。15位旧号码请换成18位。"),
    ("性别、出生日期", "有身份证号时可不填，系统从身份证号读取；填了须与身份证号一致。没有身份证号时必填。"),
    ("乡镇、所属村", "所属村填村(社区)名称或12位区划代码；有同名村时填写乡镇以区分。只能导入您管辖范围内的村。"),
    ("日期", "可写 2023-06-01、2023年6月1日、2023.6.1、2023/06/01、20230601、2023-6（当月1日），或Excel日期。"),
    ("是/否", "填“是”或“否”（也可填 √、有、无、1、0）。"),
    ("空白单元格", "更新已有人员时，空白单元格不会清除已登记的信息。"),
    ("匹配规则", "按身份证号匹配已登记人员并更新；没有身份证号时按村、姓名和出生日期匹配；否则新增。"),
    ("其他地区人员", "身份证号已在其他地区登记的，不会导入，请在该人页面发起迁移申请。"),
    ("错误报告", "未通过的行会列在错误报告里（增加“错误原因”列），改正后可直接导入错误报告。"),
    ("记录编号", "导出的表格最后一列是记录编号：在Excel里改好后直接导回，系统据此更新同一人"
             "（身份证号脱敏的也可以）。请勿修改或删除该列。"),
    ("对象类别", "留守、空巢、孤儿等类别由系统按政策规则从事实自动认定，无需填写。"),
]


def _allowed(choices: type[TextChoices]) -> str:
    return "、".join(str(label) for value, label in choices.choices if value)


def people_template(out: IO[bytes]) -> None:
    """The import template: headers (with a comment each), an example row, and a notes sheet."""
    columns = [Column(CANONICAL_HEADER[name], text=name in TEXT_FIELDS,
                      note=f"可填：{_allowed(CHOICES[name])}" if name in CHOICES else "") for name in TEMPLATE_FIELDS]
    example = [EXAMPLE.get(name, "") for name in TEMPLATE_FIELDS]
    notes = [*NOTES, *((CANONICAL_HEADER[name], f"可填：{_allowed(choices)}") for name, choices in CHOICES.items())]
    xlsx_write(out, sheets=[
        SheetOut(name="服务对象", columns=columns, rows=[example]),
        SheetOut(name="填写说明", columns=[Column("项目", width=16), Column("说明", width=90)], rows=notes),
    ])


def export_filename(prefix: str = "服务对象", fmt: str = "xlsx") -> str:
    return f"{prefix}-{timezone.localdate():%Y%m%d}.{fmt}"
