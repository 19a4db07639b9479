"""Which language a request is answered in: Vietnamese, unless someone chose.

Lantoa is written for Vietnamese officers and members: the browser's
Accept-Language is never consulted (an officer on an English Windows would get
"Duyệt and Publish"). English is an explicit choice, in this order:

1. in the admin, the user's preference (account settings, "Ngôn ngữ"; Wagtail
   applies it to the admin's pages and to the e-mails it sends the user);
2. the language cookie, set by the switch on public pages (`views.language_switch`);
3. otherwise `settings.LANGUAGE_CODE` ("vi").

"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils import translation
from django.utils.cache import patch_vary_headers


def supported(code: str | None) -> str | None:
    codes = {code for code, _name in settings.LANGUAGES}
    return code if code in codes else None


def request_language(request: HttpRequest) -> str:
    """The language to answer `request` in: the switch's cookie, else Vietnamese.

    Only the cookie, so the page cache can key anonymous pages by it before
    sessions and users are loaded. A user's own preference is applied by
    Wagtail's admin views (and its e-mails), on top of this."""
    chosen = supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
    return chosen or settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Django's LocaleMiddleware without Accept-Language (after authentication)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        language = request_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        try:
            response = self.get_response(request)
        finally:
            translation.activate(settings.LANGUAGE_CODE)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response
