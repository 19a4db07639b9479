from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from lantoa.core.i18n import supported


def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and `make run`: answers 200 once the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_GET
def language_switch(request: HttpRequest, code: str) -> HttpResponseRedirect:
    """The switch on public pages: remember the choice in a cookie and go back.

    A plain link (public pages are cached and carry no CSRF token); it changes
    nothing on the server, only this browser's cookie."""
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    language = supported(code) or settings.LANGUAGE_CODE
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response
