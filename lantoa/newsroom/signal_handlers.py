"""Signal wiring of the newsroom, connected once from `NewsroomConfig.ready()`.

Each receiver hands over to one function: the page cache, the scheduled
publishing task, or the permission sync.
"""

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Revision, Site
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

from lantoa.newsroom import caching


def _invalidate(**kwargs: Any) -> None:
    """A structural change (move, rename, delete, links, restrictions): every site."""
    transaction.on_commit(caching.bump_generation)


def _invalidate_sites(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A publication or unpublication: the page's site and the sites above it."""
    transaction.on_commit(lambda: caching.invalidate_page(instance))


def _links_changed(**kwargs: Any) -> None:
    from lantoa.newsroom.selectors import forget_links

    forget_links()
    _invalidate()


def _page_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, Page):
        _invalidate()


def _restrictions_changed(**kwargs: Any) -> None:
    from django.core.cache import cache

    from lantoa.newsroom.selectors import RESTRICTED_PATHS_KEY

    cache.delete(RESTRICTED_PATHS_KEY)
    _invalidate()


def _page_published(sender: Any, instance: Any, **kwargs: Any) -> None:
    _invalidate_sites(sender, instance)
    from lantoa.newsroom.models import ArticlePage

    if isinstance(instance, ArticlePage):
        from lantoa.newsroom.services import article_share_on_channels

        article_id = instance.pk
        transaction.on_commit(lambda: article_share_on_channels(article_id=article_id))
    if getattr(instance, "expire_at", None):
        from lantoa.newsroom.tasks import enqueue_publish_scheduled

        enqueue_publish_scheduled(at=instance.expire_at)


def _revision_saved(sender: Any, instance: Revision, **kwargs: Any) -> None:
    # A revision approved for later publication: run the publisher at that time.
    if instance.approved_go_live_at is not None:
        from lantoa.newsroom.tasks import enqueue_publish_scheduled

        enqueue_publish_scheduled(at=instance.approved_go_live_at)


def _sync_user(user: Any) -> None:
    from lantoa.newsroom.services import newsroom_permissions_sync

    newsroom_permissions_sync(users=[user])


def _user_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    _sync_user(user)


def _role_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    user = instance.user
    transaction.on_commit(lambda: _sync_user(user))


def connect() -> None:
    from lantoa.newsroom.models import WebsiteLink
    from lantoa.org.models import RoleAssignment

    page_published.connect(_page_published, dispatch_uid="newsroom_page_published")
    page_unpublished.connect(_invalidate_sites, dispatch_uid="newsroom_page_unpublished")
    post_page_move.connect(_invalidate, dispatch_uid="newsroom_page_moved")
    page_slug_changed.connect(_invalidate, dispatch_uid="newsroom_page_slug")
    post_delete.connect(_page_deleted, dispatch_uid="newsroom_page_deleted")
    for signal in (post_save, post_delete):
        signal.connect(_links_changed, sender=WebsiteLink, dispatch_uid=f"newsroom_links_{signal}")
        signal.connect(
            _restrictions_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"newsroom_restrictions_{signal}",
        )
        # A Site's hostname or root page: routing of every page (views._cached_site).
        signal.connect(_invalidate, sender=Site, dispatch_uid=f"newsroom_site_{signal}")
        signal.connect(
            _role_changed, sender=RoleAssignment, dispatch_uid=f"newsroom_roles_{signal}"
        )
    post_save.connect(_revision_saved, sender=Revision, dispatch_uid="newsroom_revision_saved")
    user_logged_in.connect(_user_logged_in, dispatch_uid="newsroom_user_logged_in")
