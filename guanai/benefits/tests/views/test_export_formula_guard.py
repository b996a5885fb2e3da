"""The bank file (CSV and xlsx) writes a formula-like payee as text."""

import datetime
import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from guanai.benefits.models import Payment
from guanai.benefits.roster_build import roster_build
from guanai.benefits.tests.factories import EnrollmentFactory, PersonFactory, RosterFactory

pytestmark = pytest.mark.django_db
ATTACK = "@SUM(1+9)*cmd|' /C calc'!A0"


def test_bank_files_guard_a_formula_payee(client, county, standards):
    EnrollmentFactory(person=PersonFactory(name="王小明"))
    roster = roster_build(roster_id=RosterFactory(month=datetime.date(2022, 3, 1)).pk)
    Payment.objects.filter(roster=roster).update(payee_name=ATTACK)
    client.force_login(county)
    csv_text = b"".join(client.get(reverse("benefits:roster_export", args=[roster.pk, "csv"])).streaming_content)
    assert ",'" + ATTACK + "," in csv_text.decode("utf-8-sig")
    xlsx = b"".join(client.get(reverse("benefits:roster_export", args=[roster.pk, "xlsx"])).streaming_content)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(xlsx)).get_sheet_by_index(0).to_python()
    assert rows[1][1] == "'" + ATTACK
