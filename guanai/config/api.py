"""The REST API under /api/v1/: token auth (or the web session), the same scoping as the pages.

The one API error mapping (docs/architecture.md, "The request layer"): routes call services and let
their errors through; the handlers below turn each into one answer, the same in every app.
- django ValidationError (a service refused the data) -> 422, shaped like django-ninja's own schema
  errors: {"detail": [{"type": "value_error", "loc": ["body", field], "msg": message}, ...]};
- a pydantic ValidationError raised by a service (a schema built inside it) -> 422, the same shape;
- PermissionDenied (a missing capability, an area outside the scope) -> 403 {"detail": message};
- guanai.core.errors.Conflict (a duplicate, a locked roster) -> 409 with the error's answer();
- Http404 (every selector's NotFound) -> 404, by django-ninja itself.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth
from pydantic import ValidationError as SchemaError

from guanai.accounts.roles import NOT_ALLOWED
from guanai.accounts.selectors import user_for_api_key
from guanai.core.errors import Conflict


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = user_for_api_key(key=token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Guanai API",
    version="1",
    urls_namespace="api",
    auth=[BearerToken(), django_auth],
    docs_url="/docs",
)


@api.exception_handler(ValidationError)
def service_invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    items = error.message_dict.items() if hasattr(error, "error_dict") else [("__all__", error.messages)]
    detail = [{"type": "value_error", "loc": ["body"] if field == "__all__" else ["body", field], "msg": message}
              for field, messages in items for message in messages]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(SchemaError)
def schema_invalid(request: HttpRequest, error: SchemaError) -> HttpResponse:
    detail = [{"type": item["type"], "loc": ["body", *item["loc"]], "msg": item["msg"]}
              for item in error.errors(include_url=False, include_context=False, include_input=False)]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(PermissionDenied)
def refused(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(error) or NOT_ALLOWED}, status=403)


@api.exception_handler(Conflict)
def conflict(request: HttpRequest, error: Conflict) -> HttpResponse:
    return api.create_response(request, error.answer(), status=409)


api.add_router("/areas/", "guanai.accounts.api.areas_router")
api.add_router("/accounts/", "guanai.accounts.api.router")
api.add_router("/people/", "guanai.people.api.router")
api.add_router("/benefits/", "guanai.benefits.api.router")
api.add_router("/visits/", "guanai.visits.api.router")
api.add_router("/cases/", "guanai.cases.api.router")
api.add_router("/facilities/", "guanai.facilities.api.router")
api.add_router("/field/", "guanai.fieldwork.api.router")
