"""Signal wiring of the newsroom, connected once from `NewsroomConfig.ready()`.

Each receiver hands over to one function: the page cache, the scheduled
publishing task, the permission sync, the renditions task, or the
announcement that an article was published (`newsroom.article_published`,
heard by the auto-share and by campaigns).
"""

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.admin.signal_handlers import (
    workflow_approval_email_notifier,
    workflow_rejection_email_notifier,
    workflow_submission_email_notifier,
)
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Revision, Site, WorkflowState
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    task_submitted,
    workflow_approved,
    workflow_rejected,
    workflow_submitted,
)

from lantoa.newsroom import caching
from lantoa.newsroom.actors import LISTINGS_SYNC, PERMISSIONS_SYNC
from lantoa.newsroom.models import ArticlePage, WebsiteLink
from lantoa.newsroom.models.workflow import unit_of
from lantoa.newsroom.notifications import (
    article_approved_notify,
    article_changes_requested_notify,
    article_submitted_notify,
)
from lantoa.newsroom.selectors import RESTRICTED_PATHS_KEY, forget_links
from lantoa.newsroom.services import (
    article_published_announce,
    article_unpublished_announce,
    newsroom_permissions_sync,
)
from lantoa.newsroom.services_listings import article_listings_sync
from lantoa.newsroom.tasks import (
    enqueue_publish_scheduled,
    image_renditions_make_task,
    page_renditions_make_task,
)
from lantoa.org.models import RoleAssignment


def _invalidate(**kwargs: Any) -> None:
    """A structural change (move, rename, delete, links, restrictions): every site."""
    transaction.on_commit(caching.bump_generation)


def _invalidate_sites(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A publication or unpublication: the page's site and the sites above it."""
    transaction.on_commit(lambda: caching.invalidate_page(instance))


def _links_changed(**kwargs: Any) -> None:
    forget_links()
    _invalidate()


def _page_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, Page):
        _invalidate()


def _restrictions_changed(**kwargs: Any) -> None:
    cache.delete(RESTRICTED_PATHS_KEY)
    _invalidate()


def _page_published(sender: Any, instance: Any, **kwargs: Any) -> None:
    _invalidate_sites(sender, instance)
    if isinstance(instance, ArticlePage):
        article_listings_sync(actor=LISTINGS_SYNC, article=instance)

        revision = kwargs.get("revision")
        article_published_announce(
            article=instance, revision_id=revision.pk if revision is not None else None
        )
    if getattr(instance, "expire_at", None):
        enqueue_publish_scheduled(at=instance.expire_at)
    # Its pictures, made by the worker before readers ask (newsroom/renditions.py).
    page_id = instance.pk
    transaction.on_commit(lambda: page_renditions_make_task.enqueue(page_id=page_id))


def _image_saved(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    if created:
        image_id = instance.pk
        transaction.on_commit(lambda: image_renditions_make_task.enqueue(image_id=image_id))


def _page_unpublished(sender: Any, instance: Any, **kwargs: Any) -> None:
    _invalidate_sites(sender, instance)
    if isinstance(instance, ArticlePage):
        article_unpublished_announce(article=instance)


def _revision_saved(sender: Any, instance: Revision, **kwargs: Any) -> None:
    # A revision approved for later publication: run the publisher at that time.
    if instance.approved_go_live_at is not None:
        enqueue_publish_scheduled(at=instance.approved_go_live_at)


def _sync_user(user: Any) -> None:
    newsroom_permissions_sync(actor=PERMISSIONS_SYNC, users=[user])


def _user_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    _sync_user(user)


def _role_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    user = instance.user
    transaction.on_commit(lambda: _sync_user(user))


# -- the article approval's e-mails (notifications.py) ------------------------------


def _unit_owned(workflow_state: Any) -> bool:
    return unit_of(workflow_state.content_object) is not None


def _task_submitted(sender: Any, instance: Any, user: Any = None, **kwargs: Any) -> None:
    article_submitted_notify(task_state=instance, user=user)


def _workflow_submitted(sender: Any, instance: Any, user: Any = None, **kwargs: Any) -> None:
    # Asked per task (_task_submitted) for the units' pages; Wagtail's notice
    # (to every superuser) only for anything else.
    if not _unit_owned(instance):
        workflow_submission_email_notifier(instance, user=user, **kwargs)


def _workflow_approved(sender: Any, instance: Any, user: Any = None, **kwargs: Any) -> None:
    if not _unit_owned(instance):
        workflow_approval_email_notifier(instance, user=user, **kwargs)
        return
    article_approved_notify(workflow_state=instance, user=user)


def _workflow_rejected(sender: Any, instance: Any, user: Any = None, **kwargs: Any) -> None:
    if not _unit_owned(instance):
        workflow_rejection_email_notifier(instance, user=user, **kwargs)
        return
    article_changes_requested_notify(workflow_state=instance, user=user)


def connect_workflow_mail() -> None:
    """Our notices in the slots of Wagtail's: connected under Wagtail's
    dispatch uids before `wagtail.admin` is ready (it comes later in
    INSTALLED_APPS), so Django keeps ours and skips Wagtail's."""
    task_submitted.connect(_task_submitted, dispatch_uid="newsroom_task_submitted_mail")
    for signal, handler, uid in (
        (workflow_submitted, _workflow_submitted, "workflow_state_submitted_email_notification"),
        (workflow_approved, _workflow_approved, "workflow_state_approved_email_notification"),
        (workflow_rejected, _workflow_rejected, "workflow_state_rejected_email_notification"),
    ):
        signal.connect(handler, sender=WorkflowState, dispatch_uid=uid)


def connect() -> None:
    page_published.connect(_page_published, dispatch_uid="newsroom_page_published")
    page_unpublished.connect(_page_unpublished, dispatch_uid="newsroom_page_unpublished")
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
    post_save.connect(
        _image_saved, sender=get_image_model(), dispatch_uid="newsroom_image_renditions"
    )
    user_logged_in.connect(_user_logged_in, dispatch_uid="newsroom_user_logged_in")
    connect_workflow_mail()
