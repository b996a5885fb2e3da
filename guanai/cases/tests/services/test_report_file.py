import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from guanai.accounts.scoping import scope_for
from guanai.audit.models import Event
from guanai.cases.models import CaseAssignment, Deadline, MandatoryReport, Notification
from guanai.cases.services import report_file
from guanai.cases.tests.factories import report_in
from guanai.people.models import Person
from guanai.people.schemas import PersonIn
from guanai.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_an_urgent_report_opens_a_case_and_tells_the_supervisor_and_county_at_once(director, supervisor, county,
                                                                                     outsider):
    child = PersonFactory(area_id=director.area_id)
    case = report_file(actor=director, scope=scope_for(director), data=report_in(person_id=child.pk, urgent=True))
    assert case.stage == "reported" and case.number.startswith(f"610330-{timezone.localdate().year}-")
    assert MandatoryReport.objects.get(case=case).reporter_type == "school"
    assert set(Notification.objects.filter(case=case).values_list("user_id", flat=True)) == {supervisor.pk,
                                                                                               county.pk}
    assert CaseAssignment.objects.get(case=case).user == director
    assert set(Deadline.objects.filter(case=case).values_list("step", flat=True)) == {"first_contact", "assessment",
                                                                                        "plan"}
    assert Event.objects.filter(verb="case_reported", object_id=str(case.pk)).exists()


def test_a_plain_report_notifies_nobody(director, supervisor, county):
    child = PersonFactory(area_id=director.area_id)
    report_file(actor=director, scope=scope_for(director), data=report_in(person_id=child.pk))
    assert not Notification.objects.exists()


def test_a_new_child_is_registered_through_the_people_services(director):
    child = PersonIn(area_code=director.area_id, name="新报告儿童", sex="female", birth_date=datetime.date(2017, 5, 1))
    case = report_file(actor=director, scope=scope_for(director), data=report_in(child=child))
    assert Person.objects.get(pk=case.person_id).name == "新报告儿童"


def test_a_child_of_another_village_is_refused(director, outsider):
    child = PersonFactory(area_id=outsider.area_id)
    with pytest.raises(ValidationError):
        report_file(actor=director, scope=scope_for(director), data=report_in(person_id=child.pk))


def test_police_details_without_police_told_are_refused():
    with pytest.raises(ValueError, match="police_told"):
        report_in(person_id=1, police_receipt_no="R-1")


def test_roles_without_the_capability_cannot_report(analyst):
    child = PersonFactory()
    with pytest.raises(PermissionDenied):
        report_file(actor=analyst, scope=scope_for(analyst), data=report_in(person_id=child.pk))
