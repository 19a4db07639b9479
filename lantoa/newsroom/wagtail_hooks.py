"""Registration only (STYLE.md §8): the classes live in viewsets.py, the page
cache's logic in caching.py."""

from typing import Any

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from lantoa.newsroom import caching
from lantoa.newsroom.models import Feedback, SectionListing, WebsiteLink
from lantoa.newsroom.permissions import UnitScopedPermissionPolicy
from lantoa.newsroom.viewsets import NewsroomViewSetGroup, UnitSitesViewSet
from lantoa.newsroom.viewsets_listings import SectionListingViewSet
from lantoa.org.admin_blocks import content_policy

register_permission_policy(WebsiteLink, UnitScopedPermissionPolicy(WebsiteLink))
register_permission_policy(Feedback, UnitScopedPermissionPolicy(Feedback))
# Listings belong to the receiving unit (the one whose section shows them).
register_permission_policy(
    SectionListing,
    content_policy(SectionListing),
)
register_snippet(NewsroomViewSetGroup)


@hooks.register("register_admin_viewset")
def _listings_admin() -> SectionListingViewSet:
    return SectionListingViewSet()


@hooks.register("register_admin_viewset")
def _unit_sites_admin() -> UnitSitesViewSet:
    return UnitSitesViewSet()


@hooks.register("before_serve_page")
def _page_cache_dependency(page: Any, request: Any, args: Any, kwargs: Any) -> None:
    # The page cache learns which site a response belongs to (see caching.py).
    caching.depends_on_page(request, page)
