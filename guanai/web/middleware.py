"""Chinese first: the interface speaks Chinese unless the user picked another language with the
switch. The browser's Accept-Language is not consulted, because bureau machines often run English
browsers while their users expect the Chinese product."""

from django.conf import settings
from django.http import HttpRequest
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
