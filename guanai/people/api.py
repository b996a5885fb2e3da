"""People and households under /api/v1/: the same schemas, validation and scoping as the pages.

Scope is the caller's own area (an API client has no area picker). Anything outside it is a 404;
a missing capability is a 403; an ID number registered in another area is a 409 that names the
transfer request raised for it (one ID number, one person).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError, ValidationError
from ninja.pagination import PageNumberPagination, paginate

from guanai.accounts.roles import Capability
from guanai.accounts.scoping import Scope, scope_for
from guanai.audit.models import AccessAction
from guanai.audit.services import access_log_write, client_ip
from guanai.people import selectors, services
from guanai.people.schemas import HouseholdIn, HouseholdOut, PersonFilter, PersonIn, PersonOut

router = Router(tags=["people"])
households_router = Router(tags=["households"])

SEARCH_LIMIT_MAX = 100


class ConflictOut(Schema):
    detail: str
    person_id: int | None = None
    transfer_id: int | None = None


def _scope(request: HttpRequest, capability: str = Capability.PEOPLE_VIEW) -> Scope:
    if not request.user.can(capability):
        raise HttpError(403, "没有权限 / not allowed")
    return scope_for(request.user)


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


def _checked(write):
    """A service's ValidationError ({field: [messages]}) as the API's 422, shaped like the schema's."""
    try:
        return write()
    except DjangoValidationError as error:
        items = error.message_dict.items() if hasattr(error, "error_dict") else [("__all__", error.messages)]
        raise ValidationError([{"type": "value_error", "loc": ["body", "data", field], "msg": message}
                               for field, messages in items for message in messages]) from None


def _write_person(write, *, status: int) -> Status:
    """Run a create or update; one ID number is one person, so a duplicate is a 409."""
    try:
        return Status(status, _checked(write))
    except services.PersonExistsElsewhere as exists:
        return Status(409, {"detail": "该身份证号已在其他区划登记，已发出迁移申请 / registered in another area; "
                                      "a transfer request was raised", "transfer_id": exists.transfer.pk})
    except services.PersonExists as exists:
        return Status(409, {"detail": "该身份证号已登记 / this ID number is already registered",
                            "person_id": exists.person.pk})


@router.get("/", response=list[PersonOut])
@paginate(PageNumberPagination, page_size=50)
def person_list(request: HttpRequest, filters: Query[PersonFilter]):
    return selectors.person_list(scope=_scope(request), filters=filters)


@router.get("/search", response=list[PersonOut])
def person_search(request: HttpRequest, q: str = "", limit: int = 20):
    """Name, full pinyin or initials (prefix), an exact ID number or a phone number."""
    return selectors.person_search(scope=_scope(request), q=q, limit=max(1, min(limit, SEARCH_LIMIT_MAX)))


@router.get("/{int:pk}", response=PersonOut)
def person_get(request: HttpRequest, pk: int):
    person = _person(_scope(request), pk)
    # DESIGN.md, Privacy: every view of a person's record is logged, through the API too.
    access_log_write(user=request.user, action=AccessAction.VIEW, object_type="person", object_id=str(person.pk),
                     area_code=person.area_id, ip_address=client_ip(request))
    return person


@router.post("/", response={201: PersonOut, 409: ConflictOut})
def person_create(request: HttpRequest, data: PersonIn):
    scope = _scope(request, Capability.PEOPLE_EDIT)
    return _write_person(lambda: services.person_create(actor=request.user, scope=scope, data=data), status=201)


@router.put("/{int:pk}", response={200: PersonOut, 409: ConflictOut})
def person_update(request: HttpRequest, pk: int, data: PersonIn):
    scope = _scope(request, Capability.PEOPLE_EDIT)
    person = _person(scope, pk)
    return _write_person(lambda: services.person_update(actor=request.user, scope=scope, person=person, data=data),
                         status=200)


@households_router.get("/{int:pk}", response=HouseholdOut)
def household_get(request: HttpRequest, pk: int):
    return _household(_scope(request), pk)


@households_router.post("/", response={201: HouseholdOut})
def household_create(request: HttpRequest, data: HouseholdIn):
    scope = _scope(request, Capability.PEOPLE_EDIT)
    return Status(201, _checked(lambda: services.household_create(actor=request.user, scope=scope, data=data)))


@households_router.put("/{int:pk}", response=HouseholdOut)
def household_update(request: HttpRequest, pk: int, data: HouseholdIn):
    scope = _scope(request, Capability.PEOPLE_EDIT)
    household = _household(scope, pk)
    return _checked(lambda: services.household_update(actor=request.user, scope=scope, household=household,
                                                      data=data))


router.add_router("/households/", households_router)
