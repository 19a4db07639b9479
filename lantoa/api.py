"""The JSON API root: each app contributes a ninja Router (STYLE.md §14).

Authentication is Wagtail's bearer API token (created under the user's
account settings in the admin, or with `manage.py api_tokens`); a session
cookie never authenticates an API request (see `lantoa.core.api.auth`).

The docs page at /api/v1/docs is ninja's Swagger UI served from ninja's own
static files, which needs "ninja" in INSTALLED_APPS: without it ninja falls
back to a template that loads Swagger UI from cdn.jsdelivr.net.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from wagtail.api.v3.auth import BearerTokenAuth

from lantoa.analytics.api.router import router as analytics_router
from lantoa.campaigns.api.router import router as campaigns_router
from lantoa.channels.api.router import router as channels_router
from lantoa.contests.api.router import router as contests_router
from lantoa.core.api.errors import error_response, register_error_handlers
from lantoa.core.api.parser import LantoaParser
from lantoa.core.api.strict import refuse_unknown_query_parameters
from lantoa.core.exceptions import NotFound
from lantoa.listening.api.router import router as listening_router
from lantoa.org.api.router import router as org_router


class LantoaAPI(NinjaAPI):
    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        """Ninja's URLs, then a catch-all: any other path under the API's
        prefix answers the API's JSON 404 instead of falling through to
        Wagtail's HTML page serving. Added here, after every router, so that
        routers mounted later are never shadowed by it."""
        patterns, app_name, namespace = super().urls

        @csrf_exempt
        def not_found(request: HttpRequest, rest: str) -> HttpResponse:
            return error_response(self, request, 404, NotFound.code, NotFound.default_message)

        return [*patterns, path("<path:rest>", not_found, name="not-found")], app_name, namespace


api = LantoaAPI(
    title="Lantoa API",
    version="1",
    description="API của Lantoa — nền tảng truyền thông công đoàn nhiều cấp.",
    auth=BearerTokenAuth(),
    urls_namespace="api-v1",
    parser=LantoaParser(),
)
register_error_handlers(api)
api.add_decorator(refuse_unknown_query_parameters, mode="view")
# Imported, not named by dotted strings, so that import-linter sees the API
# layer's dependencies like any other.
for router in (
    org_router,
    channels_router,
    listening_router,
    campaigns_router,
    contests_router,
    analytics_router,
):
    api.add_router("/", router)
