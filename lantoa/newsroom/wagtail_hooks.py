"""Registration only (STYLE.md §8): the classes live in viewsets.py, the page
cache's logic in caching.py."""

from typing import Any

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from lantoa.newsroom import caching
from lantoa.newsroom.models import Feedback, WebsiteLink
from lantoa.newsroom.permissions import UnitScopedPermissionPolicy
from lantoa.newsroom.viewsets import NewsroomViewSetGroup

register_permission_policy(WebsiteLink, UnitScopedPermissionPolicy(WebsiteLink))
register_permission_policy(Feedback, UnitScopedPermissionPolicy(Feedback))
register_snippet(NewsroomViewSetGroup)


@hooks.register("before_serve_page")
def _page_cache_dependency(page: Any, request: Any, args: Any, kwargs: Any) -> None:
    # The page cache learns which site a response belongs to (see caching.py).
    caching.depends_on_page(request, page)
