"""Import a 100,000-row .xlsx of people: Guanai's import against django-import-export, same file, one run.

    .venv/bin/python -m bench.import_people --rows 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/guanai_bench .venv/bin/python -m bench.import_people --rows 100000

Without DATABASE_URL the database is a SQLite file under $GUANAI_DATA_DIR (default
/tmp/guanai-bench-import). The people tables are emptied before each contender. The file has 18
columns in the bureaus' Chinese (姓名, 身份证号, 乡镇, 所属村, 联系电话, 户口性质, 是否低保, 外出时间 ...),
people spread over every village of 凤县, imported as the county officer of 凤县.

- Guanai: `people.imports.people_import_file` end to end: read (calamine), validate every cell
  (PersonIn's normalisers; the schema judges any row the fast tier doubts), ID number checked by
  stdnum, encrypted (SM4-GCM) and digested (SM3-HMAC), match by digest, bulk create with history
  rows, pinyin name keys, category spells and risk levels by the rules, one event per chunk.
- django-import-export (4.x) as a developer would wire it: a ModelResource with the Chinese column
  names, `before_import_row` doing the same cell normalisation, ID number parse, encryption and
  digest, `import_id_fields = ["id_number_digest"]`, `clean_model_instances = True` (full_clean),
  the file read by tablib/openpyxl; run with its defaults (row by row, simple-history's signals
  write history rows). It writes no name keys and derives no categories, so it does less work.
  `--ie-bulk` adds a second run with `use_bulk = True` (batch_size 2,000).
"""

import argparse
import datetime
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

HEADERS = ["序号", "姓名", "性别", "身份证号", "乡镇", "所属村", "联系电话", "户口性质", "家庭住址", "居住情况",
           "是否外出务工", "外出地点", "外出时间", "残疾类别", "残疾等级", "是否低保", "是否特困", "备注"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "明华平国建军伟芳秀英玉兰桂珍丽红梅娟霞燕丹萍艳杰涛斌刚勇强磊洋鹏辉敏静婷雪琳颖佳欣怡子梓浩宇轩然博文晨阳思雨"
COUNTY = "610330"


def setup_django() -> None:
    if not os.environ.get("DATABASE_URL"):
        os.environ.setdefault("GUANAI_DATA_DIR", str(Path(tempfile.gettempdir()) / "guanai-bench-import"))
        Path(os.environ["GUANAI_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guanai.config.settings")
    import django

    django.setup()


def ensure_schema() -> None:
    from django.core.management import call_command

    from guanai.areas.divisions import packaged_directory
    from guanai.areas.models import Area
    from guanai.areas.services import areas_load

    call_command("migrate", verbosity=0)
    if not Area.objects.exists():
        areas_load(directory=packaged_directory(), edition="2023")


def make_file(rows: int, path: Path) -> None:
    import xlsxwriter

    from guanai.areas.models import Area
    from guanai.people import idnumbers

    rng = random.Random(4)
    villages = list(Area.objects.filter(level="village", code__startswith=COUNTY, ended_on__isnull=True)
                    .values_list("short_name", "parent__short_name"))
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("花名册")
    sheet.write_row(0, 0, HEADERS)
    used: set[str] = set()
    for n in range(1, rows + 1):
        born = datetime.date(rng.choice((rng.randint(1930, 1965), rng.randint(2008, 2022), rng.randint(1966, 2007))),
                             rng.randint(1, 12), rng.randint(1, 28))
        while True:
            number = idnumbers.with_check_character(f"{COUNTY}{born:%Y%m%d}{rng.randint(0, 999):03d}")
            if number not in used:
                used.add(number)
                break
        village, township = rng.choice(villages)
        away = rng.random() < 0.2
        disabled = rng.random() < 0.08
        phone = f"1{rng.randint(3, 9)}{rng.randint(0, 10**9 - 1):09d}"
        away_since = f"{rng.randint(2015, 2024)}年{rng.randint(1, 12)}月" if away else ""
        disability = ("", "")
        if disabled:
            disability = (rng.choice(("肢体", "视力", "智力")), rng.choice(("一级", "二级", "三级")))
        sheet.write_row(n, 0, [
            n, rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))),
            "男" if int(number[16]) % 2 else "女", number, township, village, phone,
            rng.choice(("农业户口", "农业", "非农业")), f"{village}{rng.randint(1, 300)}号",
            rng.choice(("独居", "与子女同住", "仅与配偶同住", "与祖父母同住", "")),
            "是" if away else "否", "西安市" if away else "", away_since, *disability,
            "是" if rng.random() < 0.1 else "否", "是" if rng.random() < 0.02 else "否", ""])
    workbook.close()


def empty_people() -> None:
    """Empty the people tables between runs so that every run starts alike: TRUNCATE on PostgreSQL
    (a DELETE leaves dead rows and bloated indexes behind when autovacuum is off or behind), DELETE
    and VACUUM on SQLite."""
    from django.db import connection

    from guanai.people.models import CategorySpell, NameKey, Person, TransferRequest

    if connection.vendor == "postgresql":
        tables = [m._meta.db_table for m in (CategorySpell, NameKey, TransferRequest, Person, Person.history.model)]
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")  # noqa: S608 - model tables
            cursor.execute("CHECKPOINT")
        return
    CategorySpell.objects.all().delete()
    NameKey.objects.all().delete()
    TransferRequest.objects.all().delete()
    Person.objects.all().delete()
    Person.history.all().delete()  # after the people: deleting them writes '-' history rows
    with connection.cursor() as cursor:
        cursor.execute("VACUUM")  # no free pages left behind by the deletes: each run starts alike
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def county_officer():
    from guanai.accounts.models import User
    from guanai.accounts.roles import Role

    user, _ = User.objects.get_or_create(username="bench-county", defaults={"role": Role.COUNTY_OFFICER,
                                                                           "area_id": COUNTY})
    return user


def run_guanai(path: Path, *, dry_run: bool = False) -> tuple[float, object]:
    from guanai.accounts.scoping import scope_for
    from guanai.people.imports import people_import_file

    user = county_officer()
    started, cpu = time.perf_counter(), time.process_time()
    result, _ = people_import_file(actor=user, scope=scope_for(user), source=path, dry_run=dry_run)
    result.cpu = time.process_time() - cpu
    return time.perf_counter() - started, result


def run_import_export(path: Path, *, bulk: bool) -> tuple[float, object]:
    import tablib

    resource = person_resource(bulk=bulk, user=county_officer())
    started, cpu = time.perf_counter(), time.process_time()
    with open(path, "rb") as handle:
        dataset = tablib.Dataset().load(handle.read(), format="xlsx")
    result = resource.import_data(dataset, dry_run=False, raise_errors=False, use_transactions=True)
    result.cpu = time.process_time() - cpu
    return time.perf_counter() - started, result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--skip-import-export", action="store_true", help="time Guanai's import only")
    parser.add_argument("--ie-bulk", action="store_true", help="also run django-import-export with use_bulk")
    args = parser.parse_args(argv)
    setup_django()
    ensure_schema()
    from django.db import connection

    from guanai.people.models import CategorySpell, NameKey, Person

    path = Path(tempfile.gettempdir()) / f"guanai-bench-people-{args.rows}.xlsx"
    if not path.exists():
        make_file(args.rows, path)
    print(f"# import_people: {args.rows:,} rows, {path.stat().st_size / 1e6:.1f} MB .xlsx, {connection.vendor}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}, {datetime.date.today()}")  # noqa: DTZ011
    empty_people()
    seconds, result = run_guanai(path, dry_run=True)
    print(f"guanai dry run (read, validate, match; no writes): {seconds:.2f} s (CPU {result.cpu:.2f} s), "
          f"{args.rows / seconds:,.0f} rows/s, "
          f"would create {result.created:,}, rejected {result.rejected:,}")
    seconds, result = run_guanai(path)
    guanai_rate = args.rows / seconds
    print(f"guanai import: {seconds:.2f} s (CPU {result.cpu:.2f} s), {guanai_rate:,.0f} rows/s; "
          f"created {result.created:,}, rejected {result.rejected:,}; {NameKey.objects.count():,} name keys, "
          f"{CategorySpell.objects.count():,} spells, "
          f"{Person.history.count():,} history rows")
    seconds, result = run_guanai(path)
    print(f"guanai re-import (all matched, nothing changed): {seconds:.2f} s (CPU {result.cpu:.2f} s), "
          f"{args.rows / seconds:,.0f} rows/s; "
          f"unchanged {result.unchanged:,}")
    if args.skip_import_export:
        return
    for bulk in (False, True) if args.ie_bulk else (False,):
        empty_people()
        seconds, result = run_import_export(path, bulk=bulk)
        rate = args.rows / seconds
        totals = result.totals
        print(f"django-import-export{' use_bulk' if bulk else ''}: {seconds:.2f} s (CPU {result.cpu:.2f} s), "
              f"{rate:,.0f} rows/s; "
              f"new {totals.get('new', 0):,}, errors {totals.get('error', 0) + totals.get('invalid', 0):,}; "
              f"{Person.objects.count():,} people, {Person.history.count():,} history rows; "
              f"guanai is {guanai_rate / rate:.1f}x faster")
    sys.stdout.flush()


def person_resource(*, bulk: bool, user):
    """django-import-export's ModelResource for Person, wired the way its documentation shows."""
    from import_export import fields, resources, widgets

    from guanai.areas.models import Area
    from guanai.people import idcipher, idnumbers
    from guanai.people.models import DisabilityType, HukouType, LivingArrangement, Person, Sex
    from guanai.people.schemas import (
        boolean_from_cell,
        choice_from_cell,
        date_from_cell,
        grade_from_cell,
        phone_from_cell,
        text_from_cell,
    )

    villages = {(town, name): code for code, name, town in Area.objects.filter(
        level="village", code__startswith=COUNTY).values_list("code", "short_name", "parent__short_name")}

    class Cell(widgets.Widget):
        def __init__(self, normalise):
            super().__init__()
            self.normalise = normalise

        def clean(self, value, row=None, **kwargs):
            return self.normalise(value)

    def column(attribute, header, normalise=text_from_cell):
        return fields.Field(attribute=attribute, column_name=header, widget=Cell(normalise))

    def choice(choices):
        return lambda value: choice_from_cell(choices, value)

    class PersonResource(resources.ModelResource):
        name = column("name", "姓名")
        sex = column("sex", "性别", choice(Sex))
        phone = column("phone", "联系电话", phone_from_cell)
        hukou_type = column("hukou_type", "户口性质", choice(HukouType))
        address = column("address", "家庭住址")
        living_arrangement = column("living_arrangement", "居住情况", choice(LivingArrangement))
        is_migrant_worker = column("is_migrant_worker", "是否外出务工", boolean_from_cell)
        away_place = column("away_place", "外出地点")
        away_since = column("away_since", "外出时间", date_from_cell)
        disability_type = column("disability_type", "残疾类别", choice(DisabilityType))
        disability_grade = column("disability_grade", "残疾等级", grade_from_cell)
        dibao = column("dibao", "是否低保", boolean_from_cell)
        tekun = column("tekun", "是否特困", boolean_from_cell)
        notes = column("notes", "备注")
        area_id = column("area_id", "_area", str)
        birth_date = column("birth_date", "_birth", lambda v: v)
        id_number_digest = column("id_number_digest", "_digest", str)
        id_number_cipher = column("id_number_cipher", "_cipher", lambda v: v)
        id_number_masked = column("id_number_masked", "_masked", str)

        class Meta:
            model = Person
            fields = ("name", "sex", "phone", "hukou_type", "address", "living_arrangement", "is_migrant_worker",
                      "away_place", "away_since", "disability_type", "disability_grade", "dibao", "tekun", "notes",
                      "area_id", "birth_date", "id_number_digest", "id_number_cipher", "id_number_masked")
            import_id_fields = ("id_number_digest",)
            clean_model_instances = True
            skip_diff = True
            use_bulk = bulk
            batch_size = 2000

        def before_import(self, dataset, **kwargs):
            """ID number: validate, encrypt, digest, mask; village by township and name."""
            computed = {"_area": [], "_birth": [], "_digest": [], "_cipher": [], "_masked": []}
            id_at, town_at, village_at = (dataset.headers.index(h) for h in ("身份证号", "乡镇", "所属村"))
            for row in dataset:
                parsed = idnumbers.parse(row[id_at])
                computed["_area"].append(villages[(row[town_at], row[village_at])])
                computed["_birth"].append(parsed.birth_date)
                computed["_digest"].append(idcipher.digest(parsed.number))
                computed["_cipher"].append(idcipher.encrypt(parsed.number))
                computed["_masked"].append(idnumbers.mask(parsed.number))
            for header, values in computed.items():
                dataset.append_col(values, header=header)

        def save_instance(self, instance, is_create, row, **kwargs):
            instance._history_user = user
            super().save_instance(instance, is_create, row, **kwargs)

    return PersonResource()


if __name__ == "__main__":
    main()
