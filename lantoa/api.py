"""The JSON API root: each app contributes a ninja Router (STYLE.md §14).

Authentication is Wagtail's bearer API token (created under the user's
account settings in the admin, or with `manage.py api_tokens`)."""

from ninja import NinjaAPI
from wagtail.api.v3.auth import BearerTokenAuth

from lantoa.core.api.errors import register_error_handlers
from lantoa.org.api.router import router as org_router

api = NinjaAPI(
    title="Lantoa API",
    version="1",
    description="API của Lantoa — nền tảng truyền thông công đoàn nhiều cấp.",
    auth=BearerTokenAuth(),
    urls_namespace="api-v1",
)
register_error_handlers(api)
api.add_router("/", org_router)
