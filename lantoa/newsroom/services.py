"""Writes of the newsroom: unit sites, reader feedback, and the one sync that
derives Wagtail page permissions and workflows from the org roles.

Page content itself is written through Wagtail's revision API (save_revision
/ publish), never by setting `live` by hand.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from lantoa.channels.services.autopost import SharedContent, content_share_on_publish
from lantoa.core import events
from lantoa.core.actors import Actor, actor_user, actor_user_id, require_actor
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.core.phones import InvalidPhone, normalize_phone
from lantoa.core.pseudonyms import platform_user_ref
from lantoa.core.ratelimit import rate_limited
from lantoa.core.text import normalize_nfc
from lantoa.listening.choices import OpinionSource
from lantoa.listening.services.intake import opinion_ingest
from lantoa.newsroom.choices import NewsroomAction
from lantoa.newsroom.events import (
    ARTICLE_PUBLISHED,
    ARTICLE_UNPUBLISHED,
    article_published_key,
)
from lantoa.newsroom.models import (
    ArticlePage,
    Feedback,
    FeedbackState,
    SectionIndex,
    UnitApprovalTask,
    UnitSiteHome,
)
from lantoa.org.choices import Perm
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import ROLE_PERMISSIONS, minimal_prefixes, path_prefixes, user_can
from lantoa.org.selectors import active_role_rows

WORKFLOW_NAME = "Duyệt tin bài theo đơn vị"
TASK_NAME = "Người duyệt của đơn vị hoặc cấp trên"
OFFICER_PAGE_PERMS = ("add_page", "change_page")
APPROVER_PAGE_PERMS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
COLLECTION_PERMS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
)
FEEDBACK_MAX_CHARS = 3000


# ---------------------------------------------------------------- unit sites


def _nearest_ancestor_home(unit: OrgUnit) -> UnitSiteHome | None:
    paths = path_prefixes(unit.path, include_self=False)
    return (
        UnitSiteHome.objects.filter(unit__path__in=paths).order_by("-unit__depth").first()
        if paths
        else None
    )


@transaction.atomic
def unit_site_create(
    *, actor: Actor, unit: OrgUnit, sections: Iterable[str] = (), tagline: str = ""
) -> UnitSiteHome:
    """Create and publish the unit's site home (idempotent: returns an existing one).

    The home goes under the home of the nearest ancestor unit that has a site;
    a unit with none above it becomes the root of the default Wagtail Site.
    """
    existing = UnitSiteHome.objects.filter(unit=unit).first()
    if existing is not None:
        return existing
    if not user_can(actor, Perm.CONTENT_APPROVE, unit):
        raise PermissionDenied()
    parent_home = _nearest_ancestor_home(unit)
    home = UnitSiteHome(title=unit.name, slug=unit.slug, unit=unit, tagline=tagline)
    if parent_home is not None:
        parent_home.add_child(instance=home)
    else:
        Page.get_first_root_node().add_child(instance=home)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost", root_page=home, is_default_site=True, site_name=unit.name
            )
        else:
            site.root_page = home
            site.site_name = unit.name
            site.save(update_fields=["root_page", "site_name"])
    user = actor_user(actor)
    # The org rule above is the check: the unit's approver holds no Wagtail page
    # permission on the parent unit's site, where the new home goes.
    home.save_revision(user=user).publish(user=user, skip_permission_checks=True)
    for title in sections:
        section = SectionIndex(title=title, show_in_menus=True)
        home.add_child(instance=section)
        section.save_revision(user=user).publish(user=user, skip_permission_checks=True)
    audit_record(actor=actor, action=NewsroomAction.SITE_CREATE, target=home, unit_path=unit.path)
    newsroom_permissions_sync(actor=actor)
    return home


# The usual sections of a unit's site, as the demo's unit sites have them.
UNIT_SITE_SECTIONS = ("Tin hoạt động", "Tuyên giáo")


def unit_site_open(*, actor: Actor, unit: OrgUnit) -> UnitSiteHome:
    """Open the unit's news site from the template (a published home with the
    usual sections, under the nearest unit above that has a site), as the
    unit's approvers do from «Trang tin các đơn vị». Idempotent; approvers of
    the unit (or above) only."""
    return unit_site_create(
        actor=actor,
        unit=unit,
        sections=UNIT_SITE_SECTIONS,
        tagline=f"Trang tin của {unit.name}",
    )


# ------------------------------------------------- permissions and workflows


@dataclass
class PermissionSyncReport:
    groups_created: int = 0
    memberships_added: int = 0
    memberships_removed: int = 0
    workflows_assigned: int = 0


def _unit_workflow() -> Workflow:
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        task = UnitApprovalTask.objects.filter(name=TASK_NAME).first()
        if task is None:
            task = UnitApprovalTask.objects.create(name=TASK_NAME)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def _permissions(app_label: str, codenames: Iterable[str]) -> list[Permission]:
    return list(
        Permission.objects.filter(content_type__app_label=app_label, codename__in=list(codenames))
    )


def _site_group(home: UnitSiteHome, kind: str, report: PermissionSyncReport) -> Group:
    field = f"{kind}_group"
    group: Group | None = getattr(home, field)
    if group is not None:
        return group
    label = "Cán bộ tuyên giáo" if kind == "officer" else "Người duyệt"
    group, created = Group.objects.get_or_create(name=f"Trang {home.unit.code} · {label}")
    report.groups_created += int(created)
    codenames = OFFICER_PAGE_PERMS if kind == "officer" else APPROVER_PAGE_PERMS
    for permission in _permissions("wagtailcore", codenames):
        GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
    group.permissions.add(*_permissions("wagtailadmin", ["access_admin"]))
    setattr(home, field, group)
    UnitSiteHome.objects.filter(pk=home.pk).update(**{field: group})
    return group


def _site_collection(home: UnitSiteHome, homes: list[UnitSiteHome]) -> Collection:
    """The unit's image and document collection, under the collection of the
    nearest site above it (the root collection for the top site)."""
    if home.collection_id is not None and home.collection is not None:
        return home.collection
    above = [h for h in homes if home.path.startswith(h.path) and h.pk != home.pk]
    parent = above[-1].collection if above and above[-1].collection else None
    parent = parent or Collection.get_first_root_node()
    collection = parent.add_child(instance=Collection(name=home.unit.name[:255]))
    home.collection = collection
    UnitSiteHome.objects.filter(pk=home.pk).update(collection=collection)
    return collection


def _collection_permissions_sync(home: UnitSiteHome, groups: Iterable[Group]) -> None:
    """The site's groups may add and choose images and documents in the site's
    collection (and, as Wagtail reads collection permissions, those below it),
    nowhere else."""
    if home.collection is None:
        return
    wanted = [p for app, codename in COLLECTION_PERMS for p in _permissions(app, [codename])]
    for group in groups:
        GroupCollectionPermission.objects.filter(group=group).exclude(
            collection=home.collection
        ).delete()
        for permission in wanted:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=home.collection, permission=permission
            )


def _desired_memberships(homes: list[UnitSiteHome], grants: list[tuple[str, str]]) -> set[int]:
    """Group ids a user should belong to, given their (kind, unit path) grants.

    A grant covers every site in the unit's subtree; since a site's pages nest
    under the home of the nearest ancestor site, joining the top-most covered
    sites' groups is enough.
    """
    desired: set[int] = set()
    approver_paths = minimal_prefixes(p for kind, p in grants if kind == "approver")
    officer_paths = minimal_prefixes(p for kind, p in grants if kind == "officer")
    for kind, paths in (("approver", approver_paths), ("officer", officer_paths)):
        for grant_path in paths:
            if kind == "officer" and any(grant_path.startswith(p) for p in approver_paths):
                continue
            covered = minimal_prefixes(
                h.unit.path for h in homes if h.unit.path.startswith(grant_path)
            )
            for home in homes:
                if home.unit.path in covered:
                    group = home.approver_group if kind == "approver" else home.officer_group
                    if group is not None:
                        desired.add(group.pk)
    return desired


@transaction.atomic
def newsroom_permissions_sync(
    *, actor: Actor, users: Iterable[AbstractBaseUser] | None = None
) -> PermissionSyncReport:
    """Make Wagtail's page permissions and workflows match the org roles. Idempotent.

    Every unit site gets an officer group (add/change pages) and an approver
    group (also publish) with permissions on its home page, an image and
    document collection nested like the sites (its groups add and choose there
    and below, nowhere else), and the unit workflow, whose approval step asks `org.scoping` who may approve. A user
    holding `Perm.CONTENT_EDIT` (officer) or `Perm.CONTENT_APPROVE` (approver)
    at a unit joins the groups of the top-most sites in that unit's subtree,
    and leaves every managed group they no longer qualify for. With `users`,
    only their memberships are brought in line.
    """
    report = PermissionSyncReport()
    homes = list(
        UnitSiteHome.objects.select_related(
            "unit", "officer_group", "approver_group", "collection"
        ).order_by("path")
    )
    if not homes:
        return report  # no site yet: nothing to grant, nothing to create
    workflow = _unit_workflow()
    assigned = dict(WorkflowPage.objects.values_list("page_id", "workflow_id"))
    for home in homes:  # in path order: a site's parent comes first
        groups = [_site_group(home, "officer", report), _site_group(home, "approver", report)]
        _site_collection(home, homes)
        _collection_permissions_sync(home, groups)
        if assigned.get(home.pk) != workflow.pk:
            WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
            report.workflows_assigned += 1
    managed = {g.pk for h in homes for g in (h.officer_group, h.approver_group) if g is not None}

    user_ids = None if users is None else [u.pk for u in users]
    grants: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for user_id, role, path in active_role_rows(user_ids):
        perms = ROLE_PERMISSIONS.get(role, frozenset())
        if Perm.CONTENT_APPROVE in perms:
            grants[user_id].append(("approver", path))
        elif Perm.CONTENT_EDIT in perms:
            grants[user_id].append(("officer", path))

    membership = get_user_model().groups.through
    current_qs = membership.objects.filter(group_id__in=managed)
    if user_ids is not None:
        current_qs = current_qs.filter(user_id__in=user_ids)
    current: dict[int, set[int]] = defaultdict(set)
    for user_id, group_id in current_qs.values_list("user_id", "group_id"):
        current[user_id].add(group_id)

    to_add = []
    to_remove: list[tuple[int, int]] = []
    for user_id in set(grants) | set(current):
        desired = _desired_memberships(homes, grants.get(user_id, []))
        have = current.get(user_id, set())
        to_add += [membership(user_id=user_id, group_id=g) for g in desired - have]
        to_remove += [(user_id, g) for g in have - desired]
    membership.objects.bulk_create(to_add, ignore_conflicts=True)
    for user_id, group_id in to_remove:
        membership.objects.filter(user_id=user_id, group_id=group_id).delete()
    report.memberships_added = len(to_add)
    report.memberships_removed = len(to_remove)
    if to_add or to_remove or report.groups_created:
        audit_record(
            actor=actor,
            action=NewsroomAction.PERMISSIONS_SYNC,
            data={
                "groups_created": report.groups_created,
                "added": report.memberships_added,
                "removed": report.memberships_removed,
            },
        )
    return report


# ---------------------------------------------------------- reader feedback


def feedback_rate_limited(client_key: str) -> bool:
    """Count one submission for `client_key`; True once over LANTOA_FEEDBACK_RATE
    ("count/seconds"), across web processes (the counter is in the cache)."""
    return rate_limited("newsroom-feedback", client_key, str(settings.LANTOA_FEEDBACK_RATE))


@transaction.atomic
def feedback_submit(
    *,
    unit: OrgUnit,
    text: str,
    article: ArticlePage | None = None,
    name: str = "",
    email: str = "",
    phone: str = "",
    actor: Actor,
) -> Feedback:
    """Store a reader's feedback in state "new", awaiting moderation."""
    text = normalize_nfc(text).strip()
    if len(text) < 5:
        raise InvalidInput("Nội dung phản hồi quá ngắn (ít nhất 5 ký tự).")
    if len(text) > FEEDBACK_MAX_CHARS:
        raise InvalidInput(f"Nội dung phản hồi dài quá {FEEDBACK_MAX_CHARS} ký tự.")
    try:
        phone = normalize_phone(phone)
    except InvalidPhone as exc:
        raise InvalidInput(str(exc)) from exc
    unit_id = article.unit_id if article is not None and article.unit_id is not None else unit.pk
    feedback = Feedback.objects.create(
        unit_id=unit_id,
        article=article,
        text=text,
        name=normalize_nfc(name).strip()[:120],
        email=email.strip()[:254],
        phone=phone,
    )
    audit_record(
        actor=actor,
        action=NewsroomAction.FEEDBACK_SUBMIT,
        target=feedback,
        unit_path=feedback.unit.path,
        data={"article": article.pk if article else None},
    )
    _feedback_to_listening(feedback, article)
    return feedback


def _feedback_to_listening(feedback: Feedback, article: ArticlePage | None) -> None:
    """Reader feedback is member voice: listening analyses it (pseudonymously)."""
    opinion_ingest(
        unit=feedback.unit,
        source=OpinionSource.WEBSITE_FEEDBACK,
        source_key=f"newsroom.feedback:{feedback.pk}",
        text=feedback.text,
        received_at=feedback.created_at,
        author_ref=platform_user_ref("website", feedback.email.lower()),
        page_id=article.pk if article is not None else None,
    )


def article_published_announce(*, article: ArticlePage, revision_id: int | None) -> bool:
    """Announce that `article` went live with `revision_id` (Wagtail's
    `page_published`, however it was published). A publication is announced
    once (keyed by revision). True when announced now."""
    stored = events.announce(
        ARTICLE_PUBLISHED,
        key=article_published_key(article.pk, revision_id),
        article_id=article.pk,
        unit_id=article.unit_id,
        revision_id=revision_id,
    )
    return stored is not None


def article_unpublished_announce(*, article: ArticlePage) -> None:
    """Announce that `article` was taken off its site (Wagtail's
    `page_unpublished`: by an editor, or at its expiry time)."""
    events.announce(ARTICLE_UNPUBLISHED, article_id=article.pk, unit_id=article.unit_id)


REANNOUNCE_WINDOW = timedelta(days=1)


def articles_published_reannounce(*, actor: Actor, window: timedelta = REANNOUNCE_WINDOW) -> int:
    """The safety net of `newsroom.article_published`: announce again the
    articles published within `window` whose publication was never announced
    (a process that died between the page's save and the announcement).
    Publications already announced are skipped in one query. Returns how many
    were announced now."""
    require_actor(actor)
    since = timezone.now() - window
    live = list(
        ArticlePage.objects.live()
        .filter(last_published_at__gte=since, live_revision__isnull=False)
        .values_list("pk", "unit_id", "live_revision_id")
        .order_by("pk")
    )
    return events.reannounce(
        ARTICLE_PUBLISHED,
        {
            article_published_key(pk, revision): {
                "article_id": pk,
                "unit_id": unit_id,
                "revision_id": revision,
            }
            for pk, unit_id, revision in live
        },
    )


def article_share_on_channels(*, actor: Actor, article_id: int) -> int:
    """Share a just-published article on its unit's auto-post channels (each
    channel's own template). Idempotent: re-publishing an edit posts nothing.
    Returns the number of deliveries queued."""
    article = ArticlePage.objects.live().filter(pk=article_id).select_related("unit").first()
    if article is None or article.unit is None:
        return 0
    content = SharedContent(
        title=article.title,
        url=article.get_full_url() or "",
        lead=article.lead,
        hashtags=tuple(tag.name.replace(" ", "") for tag in article.tags.all()),
    )
    result = content_share_on_publish(
        actor=actor, unit=article.unit, content=content, source_object=article
    )
    return len(result.deliveries)


@transaction.atomic
def feedback_moderate(*, actor: Actor, feedback: Feedback, state: str) -> Feedback:
    """Approve, reject or mark as spam; only officers of the unit or above."""
    if state not in FeedbackState.values or state == FeedbackState.NEW:
        raise InvalidInput("Trạng thái không hợp lệ.")
    if not user_can(actor, Perm.CONTENT_EDIT, feedback.unit):
        raise PermissionDenied()
    previous = feedback.state
    feedback.state = state
    feedback.moderated_at = timezone.now()
    feedback.moderated_by_id = actor_user_id(actor)  # type: ignore[assignment]
    feedback.save(update_fields=["state", "moderated_at", "moderated_by"])
    audit_record(
        actor=actor,
        action=NewsroomAction.FEEDBACK_MODERATE,
        target=feedback,
        unit_path=feedback.unit.path,
        data={"from": previous, "to": state},
    )
    return feedback
