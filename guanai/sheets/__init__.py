"""The sheet toolkit, below every app: it imports Django and its libraries, nothing of guanai.

- `reading`: read .xlsx/.xls/.ods/.csv into rows, find the header row, fill merged cells, parse dates;
- `writing`: write .xlsx (styled header, text columns) and .csv (UTF-8 with BOM), error reports;
- `bulkrows`: insert many rows quickly (executemany on SQLite, COPY on PostgreSQL), ids reserved first;
- `pipeline`: run the CPU-bound half of a bulk import in a forked process (ADR 0007).

What a sheet's columns mean belongs to the app that reads it (people/headers.py, people/imports.py);
import jobs (upload, queue, progress pages) are the exchange app, above people.
"""
