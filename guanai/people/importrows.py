"""Sheet rows to PersonIn values, quickly, with the schema as the judge.

`PersonIn.model_validate` costs ~450 µs a row (choice tables rebuilt per call, the ID number parsed
four times, each parse ~40 µs of which 31 µs is stdnum's address-code lookup). At 100,000 rows that
alone is 45 s, so the import reads rows in two tiers (measured in docs/performance.md):

- fast tier: each cell goes through the schema's own normaliser for its field (the BeforeValidator
  functions taken from PersonIn's field metadata), memoised per distinct cell value (是/否, 农业户口
  and dates repeat endlessly); the ID number goes through stdnum's own steps with the address-code
  lookup memoised per (address code, birth year); the cross-field rules (sex and birth date agree
  with the ID number, required without one, no future dates) are checked by plain comparison.
- slow tier: any row the fast tier cannot prove valid is validated by `PersonIn.model_validate`
  itself, whose errors (or acceptance) are final. So the schema decides every rejection and every
  message; the fast tier only ever says "valid" where the schema would too
  (tests/imports/test_fast_tier.py checks this and fails if PersonIn gains a validator).

Blank cells are left out of a row's values: on an update a blank cell keeps what is stored.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pydantic import BeforeValidator, ValidationError
from pydantic_core import PydanticCustomError
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

from guanai.accounts.scoping import Scope, scoped_by_code
from guanai.areas.models import Area, Level
from guanai.people import idnumbers
from guanai.people.choices import CATEGORY_HINTS
from guanai.people.headers import IGNORE, field_for_header
from guanai.people.models import ChoiceWord
from guanai.people.recordkeys import RecordKeyError, record_key_pk
from guanai.people.schemas import PAST_DATE_FIELDS, PersonIn, field_errors, field_label, word_key
from guanai.sheets.reading import Cell, Table, cell_text, column_letter

# The validators the fast tier mirrors; a new one in PersonIn must be mirrored before imports run fast.
MIRRORED_FIELD_VALIDATORS = frozenset({"_sex_agrees_with_id_number", "_birth_date_agrees_with_id_number",
                                       "_not_in_future"})
# ninja.Schema's _run_root_validator only wraps ORM objects for attribute access; rows are dicts.
MIRRORED_MODEL_VALIDATORS = frozenset({"_fill_from_id_number", "_run_root_validator"})
PLACES = frozenset({"village", "township"})  # columns that name a place, resolved to area_code
RECORD_KEY = "record_key"  # the export's 记录编号 column (recordkeys.py): who the row is, when its ID is masked
SPECIAL = PLACES | {RECORD_KEY}  # columns that are not PersonIn fields
MEMO_LIMIT = 5000  # distinct values memoised per field; past it (names, addresses) cells are not memoised
PLACEHOLDER_AREA = "000000000000"  # lets the slow tier check the other cells of a row whose village failed
REQUIRED = frozenset(name for name, info in PersonIn.model_fields.items() if info.is_required())
# Who the person is and where: a cell of these that cannot be read refuses the row (issue 16). Any other
# field is soft: what cannot be read is kept word for word (Person.unrecognised), the field stays unknown
# and the row is imported with a warning.
HARD_FIELDS = frozenset({"name", "id_number", "area_code", "sex", "birth_date", ""})

# What each Problem.code means, as the job's page names a group of alike problems.
PROBLEM_KINDS = {
    "choice": _("用词无法识别"), "boolean": _("应填“是”或“否”"), "date": _("日期无法识别"),
    "future_date": _("日期在今天之后"), "phone": _("电话号码无法识别"), "grade": _("残疾等级无法识别"),
    "months": _("月数无法识别"), "too_long": _("内容过长"), "required": _("必填项为空"), "missing": _("必填项为空"),
    "hint": _("对象类别线索，已记下待核实"), "village": _("村(社区)无法确定"), "masked_id": _("身份证号已脱敏"),
    "record_key": _("记录编号无效"), "record_missing": _("记录编号对应的人员不存在"),
    "record_mismatch": _("身份证号与记录编号不符"), "repeat": _("与前面的行是同一人"),
    "elsewhere": _("已在其他地区登记"),
    "database": _("写入数据库失败"), "sex_mismatch": _("性别与身份证号不符"),
    "birth_date_mismatch": _("出生日期与身份证号不符"), "id_number_checksum": _("身份证号校验位错误"),
    "id_number_length": _("身份证号位数不对"), "id_number_excel_number": _("身份证号被Excel存成了数字"),
    "id_number_old_15": _("15位旧身份证号"), "id_number_format": _("身份证号含非法字符"),
    "id_number_component": _("身份证号的出生日期或地址码无效"), "id_number_empty": _("身份证号为空"),
}


@dataclass(frozen=True)
class Problem:
    """Why a row was rejected, or what an imported row lost (a warning): sheet row (1-based, title rows
    counted), column letter and header, and a code that groups alike problems on the job's page."""

    row: int
    column: str
    header: str
    field: str
    message: str
    code: str = ""
    value: str = ""  # the cell as written, for a soft cell left out (the job's page offers to remember the word)

    def text(self) -> str:
        if self.column:
            return f"{self.column}列“{self.header}”：{self.message}"
        label = field_label(self.field) if self.field else ""
        return f"{label}：{self.message}" if label else self.message


@dataclass(frozen=True)
class SheetColumn:
    index: int
    header: str  # as written in the sheet
    field: str  # a PersonIn field, "village" or "township"

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass(frozen=True)
class UnknownColumn:
    letter: str
    header: str
    reason: str


class MappingRequired(Exception):
    """Some headers are not understood (or two columns claim one field, or a needed column is
    missing); nothing has been read. The user maps each listed header to a field or to IGNORE."""

    def __init__(self, unknown: list[UnknownColumn]):
        self.unknown = unknown
        listed = "；".join(f"{u.letter}列“{u.header}”{u.reason}" for u in unknown)
        super().__init__(f"请确认表头对应关系：{listed} / some headers need mapping")


@dataclass
class ValidRow:
    row: int
    values: dict  # PersonIn field -> clean value, blank cells left out; sex/birth_date filled from the ID
    id_number: str | None
    key: str = ""  # who the row is: the ID number's digest, or village|name|birth date without one
    # Prepared before the database is asked (imports._Preparer): the ID number's stored forms, the
    # pinyin keys, and the row to insert (with the risk level) and its spells should the person be new.
    stored: dict | None = field(default=None, repr=False)
    name_keys: list[str] = field(default_factory=list, repr=False)
    new_row: list | None = field(default=None, repr=False)  # bulkrows.InsertColumns.row: in column order
    spells: list[tuple[str, str]] | None = field(default=None, repr=False)
    record_pk: int | None = None  # from the record key column: this row updates that person, never creates one
    warnings: list[Problem] = field(default_factory=list)  # soft cells left out (kept in values["unrecognised"])


def sheet_columns(table: Table, *, mapping: dict[str, str] | None, scope: Scope) -> list[SheetColumn]:
    """The columns to read; raises MappingRequired listing every header that needs the user."""
    originals = table.sheet.rows[table.header_index]
    valid_fields = set(_converters()) | SPECIAL
    columns, unknown, claimed = [], [], {}
    for index, header in enumerate(table.headers):
        original = cell_text(originals[index]) if index < len(originals) else ""
        if not header:
            continue
        name = field_for_header(header, table.group_headers[index] if index < len(table.group_headers) else "",
                                mapping)
        if name == IGNORE:
            continue
        if name is None or name not in valid_fields:
            unknown.append(UnknownColumn(column_letter(index), original, "无法识别 / unknown header"))
        elif name in claimed:
            unknown.append(UnknownColumn(column_letter(index), original,
                                         f"与{claimed[name]}列重复对应“{field_label(name)}” / "
                                         "two columns for one field"))
        else:
            claimed[name] = column_letter(index)
            columns.append(SheetColumn(index, original, name))
    if "name" not in claimed:
        unknown.append(UnknownColumn("", "姓名", "缺少姓名列 / no name column"))
    if not PLACES & claimed.keys() and "area_code" not in claimed and len(scope.prefix) != 12:
        unknown.append(UnknownColumn("", "所属村", "缺少村(社区)列 / no village column"))
    if unknown:
        raise MappingRequired(unknown)
    return columns


# --- villages ------------------------------------------------------------------------------------------

_COMMITTEE = re.compile(r"(社区居民委员会|居民委员会|村民委员会|社区居委会|居委会|村委会)$")


def place_key(text: str) -> str:
    return re.sub(r"\s", "", text)


def _base(name: str) -> str:
    """新民街社区居委会 -> 新民街, 双石铺村委会 -> 双石铺 (the name people say)."""
    name = _COMMITTEE.sub("", place_key(name))
    return re.sub(r"(社区|村)$", "", name) or name


class Villages:
    """The active villages inside a scope, found by 12-digit code or by name (with the township
    when two villages share a name)."""

    def __init__(self, scope: Scope):
        self.scope = scope
        areas = scoped_by_code(Area.objects.filter(level=Level.VILLAGE, ended_on__isnull=True), scope=scope,
                               code_field="code")
        self.codes: set[str] = set()
        self.kinds: dict[str, str] = {}  # code -> Area.kind (village or community committee), for the rules
        self.by_name: dict[str, set[str]] = {}
        self.township: dict[str, set[str]] = {}
        self.names: dict[str, str] = {}  # code -> 龙口社区 (双石铺镇), to name the candidates of an ambiguous name
        for code, kind, name, short, town, town_short in areas.values_list("code", "kind", "name", "short_name",
                                                                           "parent__name", "parent__short_name"):
            self.codes.add(code)
            self.kinds[code] = kind
            self.names[code] = f"{town_short or town}{short or name}" if town or town_short else (short or name)
            for key in {place_key(name), place_key(short), _base(name)}:
                self.by_name.setdefault(key, set()).add(code)
            self.township[code] = {place_key(town or ""), place_key(town_short or "")}
        self.single = scope.prefix if len(scope.prefix) == 12 else None

    def resolve(self, village: str, township: str = "") -> str:
        """The village's code; raises ValueError with a Chinese + English reason."""
        text = place_key(village)
        if not text:
            if self.single:
                return self.single
            raise ValueError("村(社区)必填 / the village is required")
        if text.isdigit():
            if text in self.codes:
                return text
            raise ValueError(f"区划代码“{text}”不在您的管辖范围内或不是村(社区)代码 / "
                             "not a village code within your area")
        codes = self.by_name.get(text) or self.by_name.get(_base(text)) or set()
        if township and len(codes) > 1:
            codes = {c for c in codes if place_key(township) in self.township[c]}
        if len(codes) == 1:
            return next(iter(codes))
        if codes:
            named = "、".join(f"{self.names[c]}（{c}）" for c in sorted(codes))
            raise ValueError(f"“{text}”可能是{named}，请写村(社区)全称或12位区划代码；同名村在不同乡镇时，"
                             "加一列乡镇或先在区划选择中选定乡镇也可以 / several villages match this name: write "
                             "the full name or the code (or a township where they lie in different townships)")
        raise ValueError(f"在您的管辖范围内找不到村(社区)“{text}” / no such village within your area")


# --- ID numbers ------------------------------------------------------------------------------------------

_PLACE_VALID: dict[tuple[str, str], bool] = {}


def _place_valid(number: str) -> bool:
    """stdnum's address-code check (the slow part of ric.validate), memoised: it depends only on the
    address code and the birth year."""
    key = (number[:6], number[6:10])
    valid = _PLACE_VALID.get(key)
    if valid is None:
        try:
            ric.get_birth_place(number)
            valid = True
        except StdnumError:
            valid = False
        if len(_PLACE_VALID) > 100_000:
            _PLACE_VALID.clear()
        _PLACE_VALID[key] = valid
    return valid


def id_number_parse(raw: Cell, *, today: datetime.date) -> idnumbers.IdNumber:
    """idnumbers.parse, with stdnum's steps taken one by one and the address lookup memoised; any
    number this path cannot prove valid goes to idnumbers.parse, which accepts it or says why not."""
    if isinstance(raw, str):
        number = idnumbers.clean(raw)
        if (len(number) == 18 and number[:17].isascii() and number[:17].isdigit()
                and number[17] == ric.calc_check_digit(number)):
            try:  # ric.get_birth_date without its compact(): the number is already compact
                birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
            except ValueError:
                birth = None
            if birth is not None and birth <= today and _place_valid(number):
                return idnumbers.IdNumber(number=number, birth_date=birth,
                                          sex="male" if int(number[16]) % 2 else "female")
    return idnumbers.parse(raw, today=today)


# --- rows ----------------------------------------------------------------------------------------------

def _masked_id_problem(row: int, raw: dict, column: SheetColumn | None, record_pk: int | None) -> Problem | None:
    """A masked ID number (6103**********123X, as exports show it) says nothing about who the row is:
    with a record key the key says it and the cell is left out (the stored number stays); without
    one the row cannot be matched to anybody and is refused with what to do."""
    value = raw.get("id_number")
    if not isinstance(value, str) or "*" not in value:
        return None
    del raw["id_number"]
    if record_pk is not None:
        return None
    return Problem(row, column.letter if column else "", column.header if column else "", "id_number",
                   "身份证号已脱敏(含*)，无法确定是谁：请保留导出表中的“记录编号”列，或填写完整身份证号 / "
                   "the ID number is masked: keep the export's record key column or give the whole number",
                   code="masked_id")


def _converters() -> dict[str, Callable]:
    found = {}
    for name, info in PersonIn.model_fields.items():
        for meta in info.metadata:
            if isinstance(meta, BeforeValidator):
                found[name] = meta.func
    return found


def is_blank(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class BureauWords:
    """The bureau's own words for choice fields (models.ChoiceWord), read once per import, before the
    reading process forks: field -> normalised word -> (value, hint)."""

    def __init__(self, rows: list[tuple[str, str, str, str]]):
        self.by_field: dict[str, dict[str, tuple[str, str]]] = {}
        for name, word, value, hint in rows:
            self.by_field.setdefault(name, {})[word_key(word)] = (value, hint)

    @classmethod
    def load(cls) -> "BureauWords":
        return cls(list(ChoiceWord.objects.values_list("field", "word", "value", "hint")))


@dataclass
class _Notes:
    """What a row lost on its way in: the warnings, and the cells as written (Person.unrecognised)."""

    warnings: list[Problem] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    def add(self, problem: Problem, label: str, original: Cell, why: str = "") -> None:
        self.warnings.append(replace(problem, value=cell_text(original)))
        self.texts.append(f"{label}：{cell_text(original)}{why}")


UNRECOGNISED_SEPARATOR = "；"


def unrecognised_merged(stored: str, *, read: set[str], new: str) -> str:
    """A person's kept words (Person.unrecognised, "居住情况：和孙子住；外出时间：去年") after a row
    read the fields in `read` and kept `new`: an entry goes once its field is read, or is replaced."""
    labels = {field_label(name) for name in read}
    fresh = [entry for entry in new.split(UNRECOGNISED_SEPARATOR) if entry]
    labels.update(entry.split("：", 1)[0] for entry in fresh)
    kept = [entry for entry in stored.split(UNRECOGNISED_SEPARATOR)
            if entry and entry.split("：", 1)[0] not in labels]
    return UNRECOGNISED_SEPARATOR.join(kept + fresh)


class RowReader:
    """Turns (row number, cells) into a ValidRow or a list of Problems."""

    def __init__(self, *, columns: list[SheetColumn], villages: Villages, today: datetime.date | None = None,
                 words: BureauWords | None = None):
        self.columns = [c for c in columns if c.field not in SPECIAL]
        self.village = next((c for c in columns if c.field == "village"), None)
        self.record = next((c for c in columns if c.field == RECORD_KEY), None)
        self.township = next((c for c in columns if c.field == "township"), None)
        self.by_field = {c.field: c for c in columns}
        self.villages = villages
        self.today = today or timezone.localdate()
        self.converters = _converters()
        self.memo: dict[str, dict] = {c.field: {} for c in self.columns}
        self.places: dict[tuple, str | ValueError] = {}  # (village, township) cells -> code, or why not
        self.words = {name: table for name, table in (words.by_field if words else {}).items() if name in self.by_field}

    def read(self, row: int, cells: list[Cell]) -> ValidRow | list[Problem]:
        raw = {}
        width = len(cells)
        for column in self.columns:
            value = cells[column.index] if column.index < width else None
            if value is not None and (not isinstance(value, str) or value.strip()):  # is_blank, inlined
                raw[column.field] = value
        record_pk = None
        if self.record is not None and not is_blank(key := self._raw(cells, self.record)):
            try:
                record_pk = record_key_pk(cell_text(key))
            except RecordKeyError as error:
                return [Problem(row, self.record.letter, self.record.header, RECORD_KEY, str(error), code="record_key")]
        masked = _masked_id_problem(row, raw, self.by_field.get("id_number"), record_pk)
        if masked is not None:
            return [masked]
        notes = _Notes()
        if self.words:
            self._bureau_words(row, raw, notes)
        place_problem = self._place(row, cells, raw)
        valid = self._fast(row, raw) if place_problem is None else None
        outcome = valid if valid is not None else self._slow(row, raw, place_problem, notes)
        if isinstance(outcome, ValidRow):
            outcome.record_pk = record_pk
            if notes.warnings:
                outcome.warnings = notes.warnings
                outcome.values["unrecognised"] = UNRECOGNISED_SEPARATOR.join(notes.texts)
        return outcome

    def _bureau_words(self, row: int, raw: dict, notes: _Notes) -> None:
        """A word of the bureau's table becomes its value; a word that only hints at a category (留守)
        leaves the field unknown and is kept, with the hint, for the rules and the clerk to confirm."""
        for name, table in self.words.items():
            if name not in raw or (found := table.get(word_key(raw[name]))) is None:
                continue
            value, hint = found
            if value:
                raw[name] = value
                continue
            column = self.by_field[name]
            original = raw.pop(name)
            label = CATEGORY_HINTS.get(hint, hint)
            message = (f"“{cell_text(original)}”是对象类别线索（{label}），已记为待核实，{field_label(name)}留空 / "
                       "a category hint, kept for the rules to confirm")
            notes.add(Problem(row, column.letter, column.header, name, message, code="hint"),
                      field_label(name), original, f"（类别线索：{label}，待核实）")

    def _problem(self, row: int, error) -> Problem:
        column = self.by_field.get(error.field) or (self.village if error.field == "area_code" else None)
        return Problem(row, column.letter if column else "", column.header if column else "", error.field,
                       error.message, code=error.code)

    @staticmethod
    def _raw(cells: list[Cell], column: SheetColumn | None) -> Cell:
        if column is None or column.index >= len(cells):
            return ""
        return cells[column.index]

    def _place(self, row: int, cells: list[Cell], raw: dict) -> Problem | None:
        """Sets raw["area_code"] from the area code column, or else from the village (and township);
        either must be a village within the scope. Returns a Problem or None."""
        if "area_code" in raw:
            column = self.by_field["area_code"]
            key = (raw["area_code"], "")
        else:
            column = self.village
            key = (self._raw(cells, self.village), self._raw(cells, self.township))
        found = self.places.get(key)
        if found is None:
            try:
                found = self.villages.resolve(cell_text(key[0]), cell_text(key[1]))
            except ValueError as error:
                found = error
            self.places[key] = found
        if isinstance(found, ValueError):
            return Problem(row, column.letter if column else "", column.header if column else "", "area_code",
                           str(found), code="village")
        raw["area_code"] = found
        return None

    def _fast(self, row: int, raw: dict) -> ValidRow | None:
        values = {}
        try:
            for name, value in raw.items():
                if name == "id_number":
                    continue
                if name == "area_code":  # _place resolved it to a village code within the scope
                    values[name] = value
                    continue
                memo, key = self.memo.get(name), (value.__class__, value)
                if memo is not None and key in memo:
                    values[name] = memo[key]
                    continue
                clean = self.converters[name](value)
                if memo is not None and len(memo) < MEMO_LIMIT:
                    memo[key] = clean
                values[name] = clean
            parsed = id_number_parse(raw["id_number"], today=self.today) if "id_number" in raw else None
        except (PydanticCustomError, idnumbers.IdNumberError, TypeError, ValueError):
            return None
        if not values.keys() >= REQUIRED:
            return None
        return self._cross_checked(row, values, parsed)

    def _cross_checked(self, row: int, values: dict, parsed: idnumbers.IdNumber | None) -> ValidRow | None:
        """PersonIn's field and model validators, mirrored; None when the slow tier must judge."""
        sex, birth = values.get("sex", ""), values.get("birth_date")
        if parsed is not None:
            if (sex and sex != parsed.sex) or (birth is not None and birth != parsed.birth_date):
                return None
            values["sex"], values["birth_date"] = parsed.sex, parsed.birth_date
            values["id_number"] = parsed.number
        elif not sex or birth is None:
            return None
        if values["birth_date"] > self.today:
            return None
        for name in PAST_DATE_FIELDS:
            if (value := values.get(name)) and value > self.today:
                return None
        return ValidRow(row=row, values=values, id_number=parsed.number if parsed else None)

    def _slow(self, row: int, raw: dict, place_problem: Problem | None, notes: _Notes) -> ValidRow | list[Problem]:
        """The schema judges. Errors in soft cells only: those cells are left out (kept as written, with a
        warning each) and the rest is judged again; any other error refuses the row with every problem."""
        data = dict(raw)
        if place_problem is not None:
            data["area_code"] = PLACEHOLDER_AREA
        while True:
            try:
                person = PersonIn.model_validate(data)
                break
            except ValidationError as exc:
                problems = [self._problem(row, error) for error in field_errors(exc)
                            if not (place_problem and error.field == "area_code")]
                soft = [p for p in problems if p.field not in HARD_FIELDS and p.field in data]
                if place_problem is not None or len(soft) < len(problems):
                    return ([place_problem] if place_problem else []) + problems
                for problem in soft:
                    notes.add(problem, field_label(problem.field), data.pop(problem.field))
        if place_problem is not None:
            return [place_problem]
        values = {name: getattr(person, name) for name in person.model_fields_set}
        values.update(sex=person.sex, birth_date=person.birth_date)
        return ValidRow(row=row, values=values, id_number=person.id_number)
