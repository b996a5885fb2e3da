"""Reading a department's file into rows of our fields. Known header words are recognised; a
department's own headers are mapped once (SourceMapping) and remembered for its next file."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from guanai.comparisons.models import Source
from guanai.core.money import AmountError, fen_from_yuan_text
from guanai.sheets.reading import CellError, SheetError, cell_text, parse_date, read_sheet, table_from_sheet

ID_WORDS = ("身份证号", "身份证号码", "公民身份号码", "证件号码", "身份证")
# Our field -> header words seen in departments' files. Every source has id_number and name.
FIELD_WORDS: dict[str, tuple[str, ...]] = {
    "id_number": ID_WORDS, "name": ("姓名", "死者姓名", "学生姓名"),
    "died_on": ("死亡日期", "死亡时间", "注销日期"),
    "moved_on": ("迁移日期", "迁出日期", "迁入日期", "变动日期"),
    "to_code": ("迁入地区划代码", "迁往地区划代码", "迁入地代码", "迁往地代码", "去向区划代码"),
    "to_place": ("迁入地", "迁往地", "迁移去向", "去向"),
    "amount": ("月保障金额", "保障金额", "月救助金额", "低保金额"),
    "started_on": ("纳入日期", "认定日期", "享受日期", "起始日期"),
    "grade": ("残疾等级",), "disability_type": ("残疾类别", "残疾类型"), "certificate_no": ("残疾人证号", "证号"),
    "school": ("学校", "学校名称", "就读学校"),
}
# Our field -> its label on the mapping page and the worklist.
FIELD_LABELS = {"id_number": _("身份证号"), "name": _("姓名"), "died_on": _("死亡日期"), "moved_on": _("迁移日期"),
                "to_code": _("迁入地区划代码"), "to_place": _("迁入地"), "amount": _("月保障金额(元)"),
                "started_on": _("纳入日期"), "grade": _("残疾等级"), "disability_type": _("残疾类别"),
                "certificate_no": _("残疾人证号"), "school": _("学校")}
SOURCE_FIELDS: dict[str, tuple[str, ...]] = {
    Source.DEATHS: ("died_on",), Source.MOVES: ("moved_on", "to_code", "to_place"),
    Source.DIBAO: ("amount", "started_on"), Source.TEKUN: ("started_on",),
    Source.DISABILITY: ("grade", "disability_type", "certificate_no"), Source.SCHOOL: ("school",),
}
REQUIRED: dict[str, tuple[str, ...]] = {Source.DEATHS: ("died_on",), Source.MOVES: ("to_code",),
                                        Source.DIBAO: ("amount",), Source.DISABILITY: ("grade",)}
DISABILITY_TYPES = {"视力": "visual", "听力": "hearing", "言语": "speech", "肢体": "physical", "智力": "intellectual",
                    "精神": "mental", "多重": "multiple"}
GRADES = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


class FileError(ValueError):
    """The file cannot be compared as it is; the message names the column or what is missing."""


@dataclass
class ParsedRow:
    number: int
    id_text: str
    name: str
    facts: dict
    error: str = ""


def fields_for(source: str) -> tuple[str, ...]:
    return ("id_number", "name", *SOURCE_FIELDS[source])


def _known(source: str, mapping: dict[str, str]):
    words = {w for f in fields_for(source) for w in FIELD_WORDS[f]} | set(mapping)
    return lambda text: text in words


def columns_of(headers: list[str], *, source: str, mapping: dict[str, str]) -> dict[str, int]:
    """Our field -> column index, from the remembered mapping first, then the known words."""
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        field = mapping.get(header) or next((f for f in fields_for(source) if header in FIELD_WORDS[f]), None)
        if field and field not in found:
            found[field] = index
    missing = [f for f in ("id_number", *REQUIRED.get(source, ())) if f not in found]
    if missing:
        raise FileError("找不到必需的列：" + "、".join(FIELD_WORDS[f][0] for f in missing)
                        + "（可在页面上指定表头对应） / required columns not found: " + ", ".join(missing))
    return found


def headers_of(path: Path, *, source: str, mapping: dict[str, str], filename: str | None = None) -> list[str]:
    try:
        return table_from_sheet(read_sheet(path, filename=filename), is_known=_known(source, mapping)).headers
    except SheetError as error:
        raise FileError(str(error)) from None


def _value(field: str, cell) -> object:
    text = cell_text(cell)
    if field in ("died_on", "moved_on", "started_on"):
        return parse_date(cell).isoformat() if text else None
    if field == "amount":
        try:
            return fen_from_yuan_text(text)
        except AmountError as error:
            raise CellError("amount", str(error)) from None
    if field == "grade":
        return GRADES.get(text.replace("级", "").strip())
    if field == "disability_type":
        return next((code for word, code in DISABILITY_TYPES.items() if word in text), "")
    return text


def rows_read(path: Path, *, source: str, mapping: dict[str, str], filename: str | None = None
              ) -> Iterator[ParsedRow]:
    try:
        table = table_from_sheet(read_sheet(path, filename=filename), is_known=_known(source, mapping))
    except SheetError as error:
        raise FileError(str(error)) from None
    columns = columns_of(table.headers, source=source, mapping=mapping)
    for number, cells in table.data_rows():
        cell = {f: (cells[i] if i < len(cells) else None) for f, i in columns.items()}
        row = ParsedRow(number=number, id_text=cell_text(cell["id_number"]), name=cell_text(cell.get("name")), facts={})
        try:
            for field in SOURCE_FIELDS[source]:
                if field in columns:
                    row.facts[field] = _value(field, cell[field])
        except (CellError, ValueError) as error:
            header = table.headers[columns[field]]
            row.error = f"“{header}”列：{error}"
        yield row

