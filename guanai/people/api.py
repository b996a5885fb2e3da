"""People and households under /api/v1/: the same schemas, validation and scoping as the pages.

Scope is the caller's own area (an API client has no area picker). Anything outside it is a 404;
a missing capability is a 403; an ID number registered in another area is a 409 that names the
transfer request raised for it (one ID number, one person).
"""

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from guanai.accounts.roles import Capability
from guanai.accounts.scoping import Scope
from guanai.accounts.working_area import current_scope
from guanai.audit.models import AccessAction
from guanai.audit.services import access_log_write, client_ip
from guanai.core.params import BoundedPageNumberPagination, limit_param
from guanai.people import selectors, services
from guanai.people.schemas import HouseholdIn, HouseholdOut, PersonFilter, PersonIn, PersonOut

router = Router(tags=["people"])
households_router = Router(tags=["households"])

SEARCH_LIMIT_MAX = 100
SearchLimit = limit_param(default=20, maximum=SEARCH_LIMIT_MAX)


class ConflictOut(Schema):
    detail: str
    person_id: int | None = None
    transfer_id: int | None = None


def _person(scope: Scope, pk: int):
    try:
        return selectors.person_get(scope=scope, pk=pk)
    except selectors.PersonNotFound:
        raise Http404 from None


def _household(scope: Scope, pk: int):
    try:
        return selectors.household_get(scope=scope, pk=pk)
    except selectors.HouseholdNotFound:
        raise Http404 from None


@router.get("/", response=list[PersonOut])
@paginate(BoundedPageNumberPagination, page_size=50)
def person_list(request: HttpRequest, filters: Query[PersonFilter]):
    return selectors.person_list(scope=current_scope(request, capability=Capability.PEOPLE_VIEW), filters=filters)


@router.get("/search", response=list[PersonOut])
def person_search(request: HttpRequest, q: str = "", limit: SearchLimit = 20):
    """Name, full pinyin or initials (prefix), an exact ID number or a phone number."""
    scope = current_scope(request, capability=Capability.PEOPLE_VIEW)
    return selectors.person_search(scope=scope, q=q, limit=limit)


@router.get("/{int:pk}", response=PersonOut)
def person_get(request: HttpRequest, pk: int):
    person = _person(current_scope(request, capability=Capability.PEOPLE_VIEW), pk)
    # DESIGN.md, Privacy: every view of a person's record is logged, through the API too.
    access_log_write(user=request.user, action=AccessAction.VIEW, object_type="person", object_id=str(person.pk),
                     area_code=person.area_id, ip_address=client_ip(request))
    return person


@router.post("/", response={201: PersonOut, 409: ConflictOut})
def person_create(request: HttpRequest, data: PersonIn):
    scope = current_scope(request, capability=Capability.PEOPLE_EDIT)
    return Status(201, services.person_create(actor=request.user, scope=scope, data=data))


@router.put("/{int:pk}", response={200: PersonOut, 409: ConflictOut})
def person_update(request: HttpRequest, pk: int, data: PersonIn):
    scope = current_scope(request, capability=Capability.PEOPLE_EDIT)
    person = _person(scope, pk)
    return services.person_update(actor=request.user, scope=scope, person=person, data=data)


@households_router.get("/{int:pk}", response=HouseholdOut)
def household_get(request: HttpRequest, pk: int):
    return _household(current_scope(request, capability=Capability.PEOPLE_VIEW), pk)


@households_router.post("/", response={201: HouseholdOut})
def household_create(request: HttpRequest, data: HouseholdIn):
    scope = current_scope(request, capability=Capability.PEOPLE_EDIT)
    return Status(201, services.household_create(actor=request.user, scope=scope, data=data))


@households_router.put("/{int:pk}", response=HouseholdOut)
def household_update(request: HttpRequest, pk: int, data: HouseholdIn):
    scope = current_scope(request, capability=Capability.PEOPLE_EDIT)
    household = _household(scope, pk)
    return services.household_update(actor=request.user, scope=scope, household=household, data=data)


router.add_router("/households/", households_router)
