"""Village applies, township reviews, county approves; each step is recorded with who and when."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from guanai.accounts.scoping import scope_for
from guanai.audit.models import Event
from guanai.benefits import services
from guanai.benefits.models import EnrollmentStatus
from guanai.benefits.tests.factories import PersonFactory
from guanai.people.models import CategorySpell

D = datetime.date
AT = datetime.datetime(2022, 3, 15, 2, tzinfo=datetime.UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture
def orphan(db):
    person = PersonFactory(birth_date=D(2012, 1, 1), parents_unknown=True, parents_unknown_evidence="凤公证字第1号")
    CategorySpell.objects.create(person=person, category="orphan", started_on=D(2021, 1, 1), reason="父母双亡")
    return person


def apply(user, person, code="orphan_allowance", **kw):
    app = services.Application(programme_code=code, payee_name="张监护", **kw)
    return services.enrollment_apply(actor=user, scope=scope_for(user), person=person, application=app, at=AT)


def test_three_steps_with_who_and_when(orphan, director, supervisor, county):
    e = apply(director, orphan, bank_account="6217 0000 1111 2222")
    assert (e.status, e.applied_by, e.variant) == (EnrollmentStatus.APPLIED, director, "scattered")
    with pytest.raises(services.WrongStep):
        services.enrollment_approve(actor=county, scope=scope_for(county), enrollment=e, at=AT)
    e = services.enrollment_review(actor=supervisor, scope=scope_for(supervisor), enrollment=e, at=AT)
    e = services.enrollment_approve(actor=county, scope=scope_for(county), enrollment=e, at=AT)
    assert (e.reviewed_by, e.approved_by, e.approved_at) == (supervisor, county, AT)
    assert e.starts_on == D(2022, 4, 1) and e.bank_account_masked == "6217********2222"
    verbs = list(Event.objects.filter(object_type="enrollment", object_id=str(e.pk)).values_list("verb", flat=True))
    assert sorted(verbs) == ["enrollment_applied", "enrollment_approved", "enrollment_reviewed"]


def test_each_step_needs_its_role(orphan, director, supervisor):
    e = apply(director, orphan)
    with pytest.raises(PermissionDenied):
        services.enrollment_review(actor=director, scope=scope_for(director), enrollment=e)
    e = services.enrollment_review(actor=supervisor, scope=scope_for(supervisor), enrollment=e)
    with pytest.raises(PermissionDenied):
        services.enrollment_approve(actor=supervisor, scope=scope_for(supervisor), enrollment=e)


def test_the_outsider_cannot_apply_for_another_villages_person(orphan, outsider):
    with pytest.raises(PermissionDenied):
        apply(outsider, orphan)


def test_not_eligible_without_the_category_or_on_tekun(director, orphan):
    with pytest.raises(services.NotEligible):
        apply(director, PersonFactory())
    orphan.tekun = True
    orphan.save()
    with pytest.raises(services.NotEligible, match="特困"):
        apply(director, orphan)


def test_one_open_enrollment_per_programme(director, orphan):
    apply(director, orphan)
    with pytest.raises(services.EnrollmentExists):
        apply(director, orphan)


def test_de_facto_orphan_on_dibao_must_state_the_amount(director):
    child = PersonFactory(dibao=True)
    CategorySpell.objects.create(person=child, category="de_facto_orphan", started_on=D(2021, 1, 1), reason="父服刑")
    with pytest.raises(ValidationError) as caught:
        apply(director, child, "de_facto_orphan_allowance")
    assert "other_benefit" in caught.value.message_dict
    e = apply(director, child, "de_facto_orphan_allowance", other_benefit="dibao", other_benefit_fen=58_000)
    assert e.other_benefit_fen == 58_000


def test_rejection_needs_a_reason(director, supervisor, orphan):
    e = apply(director, orphan)
    with pytest.raises(ValidationError):
        services.enrollment_reject(actor=supervisor, scope=scope_for(supervisor), enrollment=e, reason=" ")
    e = services.enrollment_reject(actor=supervisor, scope=scope_for(supervisor), enrollment=e, reason="材料不全")
    assert (e.status, e.rejected_by) == (EnrollmentStatus.REJECTED, supervisor)


def test_longevity_starts_at_the_areas_youngest_band(director, standards):
    elder = PersonFactory(birth_date=D(1940, 1, 1))
    e = apply(director, elder, "longevity_allowance")
    assert e.variant == "age_band"
    with pytest.raises(services.NotEligible, match="未满80周岁"):
        apply(director, PersonFactory(birth_date=D(1950, 1, 1)), "longevity_allowance")
