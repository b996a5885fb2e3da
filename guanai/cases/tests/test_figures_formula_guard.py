"""The case figures workbook never turns a name into a formula."""

import io
import zipfile

import pytest
from python_calamine import CalamineWorkbook

from guanai.accounts.scoping import scope_for
from guanai.cases.figures import case_figures, figures_workbook

pytestmark = pytest.mark.django_db


def test_a_formula_like_area_name_stays_text(county):
    data = figures_workbook(case_figures(scope=scope_for(county)), area_name="=1+2")
    first = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()[0][0]
    assert first.startswith("'=1+2 ")
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        sheets = [book.read(name) for name in book.namelist() if name.startswith("xl/worksheets/")]
    assert sheets and not any(b"<f>" in sheet for sheet in sheets)  # no formula cell anywhere
