"""Where the import's reading half spends its CPU (issue 16, part 4): the part of the total that is not
the database's, split by step, for bench.import_cost's 100,000-row file.

    GUANAI_DATA_DIR=/tmp/bench-import-cost .venv/bin/python -m bench.import_reader_split

Runs, in this one process and without writing anything, what the import's reading process runs
(`people.imports._Preparer.chunks`: every row checked, its ID number encrypted and digested, pinyin
keys, the rules for new people, the row made ready for insert), as the 凤县 county officer, after the
sheet is read (timed apart: in an import the importing process reads it before forking). CPU seconds
(time.process_time) per step, each step's functions wrapped with a timer (its own cost, ~1 µs a call,
is in "the rest"). The database named (as for bench.import_cost) only supplies the villages, the
bureau's words and the rule parameters; every row counts as new.

Steps: the sheet read (calamine); `RowReader.read` (cells checked, the ID number parsed and checked);
`id_number_columns` (SM4-GCM encryption and SM3-HMAC digest); `name_keys` (pinyin, memoised per
name); `new_person_categories` (the rules for a new person: categories and risk level);
`InsertColumns.row` (the row in column order, adapted); the rest (the preparer's own loop, repeats).
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args(argv)
    from bench.import_cost import _county_officer, _setup_django

    _setup_django()
    from bench.import_people import make_file
    from guanai.accounts.scoping import scope_for
    from guanai.people import imports
    from guanai.people.importrows import BureauWords, RowReader, Villages, sheet_columns
    from guanai.sheets.bulkrows import InsertColumns
    from guanai.sheets.reading import read_sheet

    path = Path(tempfile.gettempdir()) / f"guanai-bench-people-{args.rows}.xlsx"  # bench.import_cost's
    if not path.exists():
        make_file(args.rows, path)
    user = _county_officer()
    scope = scope_for(user)
    spent: dict[str, float] = {}

    def timed(label: str, function):
        def wrapper(*a, **k):
            started = time.process_time()
            try:
                return function(*a, **k)
            finally:
                spent[label] = spent.get(label, 0.0) + time.process_time() - started
        return wrapper

    started = time.process_time()
    table = imports.people_table(read_sheet(path))
    read = time.process_time() - started
    reader = RowReader(columns=sheet_columns(table, mapping=None, scope=scope), villages=Villages(scope),
                       words=BureauWords.load())
    writer = imports._ChunkWriter(actor=user, scope=scope, dry_run=False, today=reader.today)
    preparer = imports._Preparer(reader, columns=writer.person_columns, now=writer.now)
    imports.id_number_columns = timed("id_number_columns: SM4-GCM and SM3-HMAC", imports.id_number_columns)
    imports.name_keys = timed("name_keys: pinyin (memoised per name)", imports.name_keys)
    imports.new_person_categories = timed("new_person_categories: the rules", imports.new_person_categories)
    RowReader.read = timed("RowReader.read: cells and ID number checked", RowReader.read)
    InsertColumns.row = timed("InsertColumns.row: row for insert", InsertColumns.row)
    rows = list(table.data_rows())
    started = time.process_time()
    valid = sum(len(chunk.valid) for chunk in preparer.chunks(rows, imports.CHUNK_SIZE))
    total = time.process_time() - started
    per = 100_000 / len(rows)
    print(f"# import_reader_split: {len(rows):,} rows ({valid:,} valid), load {os.getloadavg()[0]:.1f}")
    print("| step | CPU | per 100,000 rows | share of the reading half |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| sheet read (calamine, in the importing process) | {read:.2f} s | {read * per:.2f} s | |")
    for label, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"| {label} | {seconds:.2f} s | {seconds * per:.2f} s | {seconds / total:.0%} |")
    rest = total - sum(spent.values())
    print(f"| the rest | {rest:.2f} s | {rest * per:.2f} s | {rest / total:.0%} |")
    print(f"| **reading half** | {total:.2f} s | {total * per:.2f} s | 100% |")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
