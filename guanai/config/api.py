"""The REST API under /api/v1/: token auth (or the web session), the same scoping as the pages.

The one API error mapping (docs/architecture.md, "The request layer"): routes call services and let
their errors through; the handlers below turn each into one answer, the same in every app.
- django ValidationError (a service refused the data) -> 422, shaped like django-ninja's own schema
  errors: {"detail": [{"type": "value_error", "loc": ["body", field], "msg": message}, ...]};
- a pydantic ValidationError raised by a service (a schema built inside it) -> 422, the same shape;
- PermissionDenied (a missing capability, an area outside the scope) -> 403 {"detail": message};
- guanai.core.errors.Conflict (a duplicate, a locked roster) -> 409 with the error's answer();
- Http404 (every selector's NotFound) -> 404, by django-ninja itself.
Out-of-range parameters are refused by their declared bounds (guanai/core/params.py), as a 422.
The OpenAPI document declares these answers on every operation (errors_declare below), so a client
generated from it knows every status it can get.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth
from pydantic import ValidationError as SchemaError

from guanai.accounts.partners import RateLimited, api_call_admit
from guanai.accounts.roles import NOT_ALLOWED
from guanai.accounts.selectors import api_token_for_key
from guanai.accounts.services import api_token_touch
from guanai.core.errors import Conflict


class BearerToken(HttpBearer):
    """A token's call is admitted for its purpose (resources, read/write), within its rate, and logged
    (accounts/partners.py); its area narrows the scope (working_area.current_scope)."""

    def authenticate(self, request: HttpRequest, token: str):
        found = api_token_for_key(key=token)
        if found is None:
            return None
        api_token_touch(token=found)
        request.user = found.user
        api_call_admit(token=found, request=request)
        request.api_area = found.area_id
        return found.user


DESCRIPTION = """Token auth: `Authorization: Bearer ga_...`. A token belongs to a user and sees what that user
sees, narrowed to the token's area. A partner system's token also names the resources (the first path
segment: areas, accounts, people, benefits, visits, cases) it may call, whether it may write (POST, PUT,
PATCH, DELETE), and its calls per minute (over it: 429 with Retry-After). Every token call is in the
access log. Answers use the same schemas as the Excel import and the exchange packages."""

ERROR_SCHEMAS = {
    "ErrorOut": {"type": "object", "title": "ErrorOut", "required": ["detail"],
                 "properties": {"detail": {"type": "string", "title": "Detail"}}},
    "ValidationErrorOut": {
        "type": "object", "title": "ValidationErrorOut", "required": ["detail"],
        "properties": {"detail": {"type": "array", "title": "Detail", "items": {
            "type": "object", "required": ["type", "loc", "msg"],
            "properties": {"type": {"type": "string"}, "msg": {"type": "string"},
                           "loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}}}}}}},
}


def _answer(description: str, schema: str) -> dict:
    reference = {"$ref": f"#/components/schemas/{schema}"}
    return {"description": description, "content": {"application/json": {"schema": reference}}}


def errors_declare(schema: dict) -> dict:
    """Add the 4xx answers the error mapping and django-ninja give to every operation of the document."""
    schema.setdefault("components", {}).setdefault("schemas", {}).update(ERROR_SCHEMAS)
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            responses = operation["responses"]
            declared = {str(code) for code in responses}
            wanted = {
                "401": (bool(operation.get("security")), "未登录或令牌无效 / not signed in", "ErrorOut"),
                "403": (True, "没有权限 / not allowed", "ErrorOut"),
                # A path, a query or a body may name something missing or outside the caller's area.
                "404": ("{" in path or bool(operation.get("parameters")) or "requestBody" in operation,
                        "不存在或不在您的范围内 / not found", "ErrorOut"),
                "400": ("requestBody" in operation or bool(operation.get("parameters")),
                        "请求体不是有效的 JSON，或含有 NUL 字符 / malformed body or a NUL character", "ErrorOut"),
                "422": (bool(operation.get("parameters")) or "requestBody" in operation,
                        "参数或数据无效 / invalid parameter or data", "ValidationErrorOut"),
            }
            for code, (applies, description, out) in wanted.items():
                if applies and code not in declared:
                    responses[int(code)] = _answer(description, out)
    return schema


def tuples_declare(node):
    """A tuple field (a pair such as [reporter type, count]) comes out of pydantic as `prefixItems`,
    which is right for OAS 3.1, but schemathesis's response check turns it into a draft-4 `items` list
    and then refuses the whole operation (web/tests/test_api_schemathesis.py). It is declared here as
    items of any of those types, its length kept by minItems/maxItems: looser about the order only."""
    if isinstance(node, dict):
        if isinstance(node.get("prefixItems"), list):
            kinds = node.pop("prefixItems")
            node["items"] = {"anyOf": kinds}
            node.setdefault("minItems", len(kinds))
            node.setdefault("maxItems", len(kinds))
        for value in node.values():
            tuples_declare(value)
    elif isinstance(node, list):
        for value in node:
            tuples_declare(value)
    return node


class GuanaiAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None) -> dict:
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return tuples_declare(errors_declare(document))


api = GuanaiAPI(
    title="Guanai API",
    version="1",
    description=DESCRIPTION,
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


@api.exception_handler(RateLimited)
def rate_limited(request: HttpRequest, error: RateLimited) -> HttpResponse:
    response = api.create_response(request, {"detail": str(error)}, status=429)
    response["Retry-After"] = str(error.retry_after)
    return response


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
api.add_router("/workforce/", "guanai.workforce.api.router")
api.add_router("/funds/", "guanai.funds.api.router")
api.add_router("/field/", "guanai.fieldwork.api.router")
