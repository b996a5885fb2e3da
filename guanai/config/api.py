"""The REST API under /api/v1/: token auth (or the web session), the same scoping as the pages."""

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth

from guanai.accounts.selectors import user_for_api_key


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

api.add_router("/areas/", "guanai.areas.api.router")
api.add_router("/accounts/", "guanai.accounts.api.router")
api.add_router("/people/", "guanai.people.api.router")
api.add_router("/benefits/", "guanai.benefits.api.router")
api.add_router("/visits/", "guanai.visits.api.router")
api.add_router("/cases/", "guanai.cases.api.router")
api.add_router("/field/", "guanai.fieldwork.api.router")
