"""Walk every URL pattern and API route as a user of another village and expect nothing of 新民街.

Data is planted in 新民街社区 under names that appear nowhere else. The outsider (child director of
龙口社区) requests every GET route, with every path parameter filled by every planted object's key.
A response may refuse (302 to login, 403, 404, 405) or succeed without showing any planted marker;
an .xlsx or .docx download is read inside its zip.
New routes are walked automatically; a route whose parameters cannot be filled fails the test, so
nobody can add a route that escapes this check.
"""

import datetime
import io
import re
import zipfile

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from guanai.audit.services import access_log_write, event_record
from guanai.benefits.models import Assistance, Payment
from guanai.benefits.tests.factories import EnrollmentFactory, RosterFactory
from guanai.cases.models import Case, MandatoryReport
from guanai.conftest import XINMINJIE
from guanai.facilities.tests.leaks import plant_facilities
from guanai.people import idcipher, idnumbers
from guanai.people.models import CategorySpell, Household, Person, Relationship, TransferRequest
from guanai.visits.models import VisitRecord

MARKERS = ["泄漏甲乙丙", "泄漏丁戊己", "XM-LEAK-ADDR", "13900001111"]
ID_NUMBER = idnumbers.with_check_character("61033020150101123")
SKIP_NAMES = {"logout", "set_language"}
REFUSED = {302, 400, 401, 403, 404, 405}


def _plant(director) -> dict[str, list[str]]:
    child = Person.objects.create(
        area_id=XINMINJIE, name=MARKERS[0], phone=MARKERS[3], address=MARKERS[2],
        id_number_cipher=idcipher.encrypt(ID_NUMBER), id_number_digest=idcipher.digest(ID_NUMBER),
        id_number_masked=idnumbers.mask(ID_NUMBER), birth_date=datetime.date(2015, 1, 1), sex="male",
        hukou_type="rural", risk_level="medium",
    )
    mother = Person.objects.create(area_id=XINMINJIE, name=MARKERS[1], is_migrant_worker=True,
                                   away_scope="out_of_province")
    household = Household.objects.create(area_id=XINMINJIE, head=mother, address=MARKERS[2])
    Person.objects.filter(pk__in=[child.pk, mother.pk]).update(household=household)
    relation = Relationship.objects.create(person=child, relative=mother, kind="parent")
    spell = CategorySpell.objects.create(person=child, category="left_behind_child",
                                         started_on=datetime.date(2024, 1, 1), reason=MARKERS[0])
    transfer = TransferRequest.objects.create(person=child, from_area_id=XINMINJIE, to_area_id=XINMINJIE,
                                              reason=MARKERS[0], requested_by=director)
    log = access_log_write(user=director, action="view", object_type="person", object_id=child.pk,
                           area_code=XINMINJIE, reason=MARKERS[0])
    event = event_record(actor=director, verb="person_created", object_type="person", object_id=child.pk,
                         area_code=XINMINJIE, data={"name": MARKERS[0]})
    visit = VisitRecord.objects.create(person=child, area_id=XINMINJIE, visitor=director, method="home",
                                       visited_at=log.at, visited_on=log.at.date(), target_group="child",
                                       health="good", mental_state="good", notes=MARKERS[0])
    enrollment = EnrollmentFactory(person=child, payee_name=MARKERS[1], eligibility=MARKERS[0], applied_by=director)
    roster = RosterFactory(area_id=XINMINJIE)
    payment = Payment.objects.create(roster=roster, enrollment=enrollment, person=child, area_id=XINMINJIE,
                                     township_code=XINMINJIE[:9], month=roster.month, amount_fen=70_000,
                                     payee_name=MARKERS[1], change_reason=MARKERS[0])
    assistance = Assistance.objects.create(kind="dibao", household=household, area_id=XINMINJIE, monthly_fen=50_000,
                                           members=2, first_month=datetime.date(2024, 1, 1), evidence=MARKERS[0])
    case = Case.objects.create(number="610330-2026-9999", person=child, area_id=XINMINJIE, situation="abandoned",
                               opened_at=log.at, opened_by=director)
    MandatoryReport.objects.create(case=case, area_id=XINMINJIE, received_at=log.at, channel="phone",
                                   reporter_type="school", reporter_name=MARKERS[1], situation="abandoned",
                                   description=MARKERS[0], received_by=director)
    ints = [str(o.pk) for o in (child, mother, household, relation, spell, transfer, log, event, visit,
                                enrollment, roster, payment, case, assistance)]
    ints += plant_facilities(director, MARKERS)
    return {"int": sorted(set(ints)), "str": [XINMINJIE, ID_NUMBER, *ints], "slug": [XINMINJIE, *ints],
            "path": [XINMINJIE, *ints], "uuid": []}


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.name


def _text(body: bytes) -> str:
    """The body as text; an .xlsx or .docx (a zip) by the XML of its parts, where the cells and
    paragraphs are, so that an export cannot leak behind its compression."""
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as parts:
            return "".join(parts.read(name).decode("utf-8", errors="ignore") for name in parts.namelist()
                           if name.endswith(".xml"))
    return body.decode("utf-8", errors="ignore")


PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


def _expand(route: str, values: dict[str, list[str]]) -> list[str]:
    """All concrete paths for a route; regex routes (admin) are filled with the planted keys too."""
    route = route.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\", "")
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<str:\1>", route)
    params = PARAM.findall(route)
    if not params:
        return ["/" + route]
    paths = []
    for conv, _name in params[:1]:
        for value in values.get(conv or "str", values["str"]):
            rest = PARAM.sub(lambda m, v=value: v, route, count=1)
            paths.extend(_expand(rest, values))
    return paths


@pytest.mark.django_db
@pytest.mark.parametrize("stranger", ["outsider", "analyst"])
def test_no_route_leaks_another_villages_data(client, director, stranger, request):
    values = _plant(director)
    client.force_login(request.getfixturevalue(stranger))
    routes = [(r, n) for r, n in _walk(get_resolver().url_patterns) if n not in SKIP_NAMES]
    assert len(routes) > 10
    checked = 0
    for route, _name in routes:
        for path in _expand(route, values):
            response = client.get(path, follow=False)
            text = _text(b"".join(response.streaming_content) if response.streaming else response.content)
            leaked = [m for m in MARKERS if m in text] + ([ID_NUMBER] if ID_NUMBER in text else [])
            assert not leaked, f"{path} (route {route}) showed {leaked} to a user of another village"
            assert response.status_code in REFUSED | {200, 204}, f"{path}: {response.status_code}"
            checked += 1
    assert checked >= len(routes)


@pytest.mark.django_db
def test_the_owner_does_see_the_planted_person(client, director):
    """The walk above is only meaningful if the same data is visible to its owner somewhere."""
    _plant(director)
    client.force_login(director)
    person = Person.objects.get(name=MARKERS[0])
    from guanai.accounts.scoping import scope_for, scoped

    assert scoped(Person.objects.all(), scope=scope_for(director)).filter(pk=person.pk).exists()
