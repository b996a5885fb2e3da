"""Chinese first: the interface speaks Chinese unless the user picked another language with the
switch. The browser's Accept-Language is not consulted, because bureau machines often run English
browsers while their users expect the Chinese product."""

from django.conf import settings
from django.http import HttpRequest, HttpResponseBadRequest, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class NoStoreMiddleware:
    """Nothing Guanai answers is kept by a browser or a proxy cache: pages, API answers and downloads
    carry personal data (a shared bureau computer, the back button after logout). Static files are
    answered by WhiteNoise above this middleware and stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        return response


class NulCharacterMiddleware:
    """A NUL character in a query parameter or a JSON body is refused with a 400 before any view runs:
    PostgreSQL cannot store or compare text holding one (it raised a 500 there), and no real input
    has one. Form fields already refuse it (Django's ProhibitNullCharactersValidator); uploaded files
    are not looked at."""

    MESSAGE = "请求中含有无效字符（NUL） / the request holds a NUL character"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if self._has_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": self.MESSAGE}, status=400)
            return HttpResponseBadRequest(self.MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _has_nul(request: HttpRequest) -> bool:
        if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
            return True
        return request.content_type == "application/json" and (b"\x00" in request.body or b"\\u0000" in request.body)
