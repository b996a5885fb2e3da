"""Mandatory reports and the police (RULES.md, 最高检等九部门 2020): a report not sent to the police is
flagged on the county's list; the police's feedback (date, outcome) is recorded and its 3-day deadline
tracked."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from guanai.accounts.scoping import scope_for
from guanai.cases.models import Deadline, MandatoryReport
from guanai.cases.selectors import CaseFilter, case_list
from guanai.cases.services import report_file, report_police_record
from guanai.cases.tests.factories import report_in
from guanai.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _report(director, **kw):
    child = PersonFactory(area_id=director.area_id)
    return report_file(actor=director, scope=scope_for(director), data=report_in(person_id=child.pk, **kw))


def test_a_report_not_sent_to_the_police_is_flagged_on_the_county_list(director, county):
    missed = _report(director)
    told_at = timezone.now() - datetime.timedelta(hours=1)
    sent = _report(director, police_told=True, police_told_at=told_at, police_receipt_no="R-1")
    flagged = case_list(scope=scope_for(county), viewer=county, filters=CaseFilter(police_missing=True))
    assert list(flagged) == [missed]
    assert {c.pk: c.police_missing for c in case_list(scope=scope_for(county), viewer=county)} == {
        missed.pk: True, sent.pk: False}


def test_telling_the_police_owes_their_feedback_within_3_days_and_the_feedback_meets_it(director):
    told_at = timezone.now() - datetime.timedelta(hours=2)
    case = _report(director, police_told=True, police_told_at=told_at, police_receipt_no="R-2")
    deadline = Deadline.objects.get(case=case, step="police_feedback")
    assert deadline.due_at == told_at + datetime.timedelta(hours=72) and deadline.owner_level == "county"
    report = MandatoryReport.objects.get(case=case)
    report_police_record(actor=director, scope=scope_for(director), report=report, told_at=told_at,
                         receipt_no="R-2", feedback_on=timezone.localdate(), feedback="已立案侦查")
    report.refresh_from_db()
    assert (report.police_feedback_on, report.police_feedback) == (timezone.localdate(), "已立案侦查")
    assert Deadline.objects.get(case=case, step="police_feedback").met_at is not None


def test_a_late_police_report_clears_the_flag_and_opens_the_deadline(director, county):
    case = _report(director)
    report = MandatoryReport.objects.get(case=case)
    with pytest.raises(ValidationError):
        report_police_record(actor=director, scope=scope_for(director), report=report, told_at=None,
                             feedback_on=timezone.localdate(), feedback="已受理")
    report_police_record(actor=director, scope=scope_for(director), report=report, told_at=timezone.now(),
                         station="双石铺派出所")
    assert not case_list(scope=scope_for(county), viewer=county, filters=CaseFilter(police_missing=True)).exists()
    assert Deadline.objects.filter(case=case, step="police_feedback", met_at__isnull=True).exists()


def test_the_police_page_records_feedback_and_the_outsider_gets_nothing(client, director, outsider):
    case = _report(director)
    report = MandatoryReport.objects.get(case=case)
    url = reverse("cases:report_police", args=[case.pk, report.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(director)
    assert client.get(url).status_code == 200
    response = client.post(url, {"police_told_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                                 "police_station": "双石铺派出所", "police_feedback_on": "",
                                 "police_feedback": ""})
    assert response.status_code == 302
    assert MandatoryReport.objects.get(pk=report.pk).police_told
