"""Writes of the newsroom: unit sites, reader feedback, and the one sync that
derives Wagtail page permissions and workflows from the org roles.

Page content itself is written through Wagtail's revision API (save_revision
/ publish), never by setting `live` by hand.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, Group, Permission
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

from lantoa.core.audit import audit_record
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.core.phones import InvalidPhone, normalize_phone
from lantoa.core.ratelimit import rate_limited
from lantoa.core.text import normalize_nfc
from lantoa.newsroom.models import (
    ArticlePage,
    Feedback,
    FeedbackState,
    SectionIndex,
    UnitApprovalTask,
    UnitSiteHome,
)
from lantoa.org.choices import Perm
from lantoa.org.models import OrgUnit, RoleAssignment
from lantoa.org.scoping import ROLE_PERMISSIONS, minimal_prefixes, path_prefixes, user_can

AnyUser = AbstractBaseUser | AnonymousUser

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
    *, actor: AnyUser | None, unit: OrgUnit, sections: Iterable[str] = (), tagline: str = ""
) -> UnitSiteHome:
    """Create and publish the unit's site home (idempotent: returns an existing one).

    The home goes under the home of the nearest ancestor unit that has a site;
    a unit with none above it becomes the root of the default Wagtail Site.
    """
    existing = UnitSiteHome.objects.filter(unit=unit).first()
    if existing is not None:
        return existing
    # actor=None: the system itself (a management command or the demo loader).
    if actor is not None and not user_can(actor, Perm.CONTENT_APPROVE, unit):
        raise PermissionDenied()
    parent_home = _nearest_ancestor_home(unit)
    home = UnitSiteHome(title=unit.name, slug=unit.slug, unit=unit, tagline=tagline)
    if parent_home is not None:
        parent_home.add_child(instance=home)
    else:
        Page.get_first_root_node().add_child(instance=home)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
        else:
            site.root_page = home
            site.site_name = unit.name
            site.save(update_fields=["root_page", "site_name"])
    user = actor if isinstance(actor, AbstractBaseUser) else None
    home.save_revision(user=user).publish(user=user)
    for title in sections:
        section = SectionIndex(title=title, show_in_menus=True)
        home.add_child(instance=section)
        section.save_revision(user=user).publish(user=user)
    audit_record(actor=actor, action="newsroom.site_create", target=home, unit_path=unit.path)
    newsroom_permissions_sync(actor=actor)
    return home


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
    root_collection = Collection.get_first_root_node()
    for app_label, codename in COLLECTION_PERMS:
        for permission in _permissions(app_label, [codename]):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )
    setattr(home, field, group)
    UnitSiteHome.objects.filter(pk=home.pk).update(**{field: group})
    return group


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
    *, actor: AnyUser | None = None, users: Iterable[AbstractBaseUser] | None = None
) -> PermissionSyncReport:
    """Make Wagtail's page permissions and workflows match the org roles. Idempotent.

    Every unit site gets an officer group (add/change pages) and an approver
    group (also publish) with permissions on its home page, and the unit
    workflow, whose approval step asks `org.scoping` who may approve. A user
    holding `Perm.CONTENT_EDIT` (officer) or `Perm.CONTENT_APPROVE` (approver)
    at a unit joins the groups of the top-most sites in that unit's subtree,
    and leaves every managed group they no longer qualify for. With `users`,
    only their memberships are brought in line.
    """
    report = PermissionSyncReport()
    homes = list(
        UnitSiteHome.objects.select_related("unit", "officer_group", "approver_group").order_by(
            "path"
        )
    )
    if not homes:
        return report  # no site yet: nothing to grant, nothing to create
    workflow = _unit_workflow()
    assigned = dict(WorkflowPage.objects.values_list("page_id", "workflow_id"))
    for home in homes:
        _site_group(home, "officer", report)
        _site_group(home, "approver", report)
        if assigned.get(home.pk) != workflow.pk:
            WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
            report.workflows_assigned += 1
    managed = {g.pk for h in homes for g in (h.officer_group, h.approver_group) if g is not None}

    user_ids = None if users is None else [u.pk for u in users]
    roles = RoleAssignment.objects.filter(unit__is_active=True, user__is_active=True)
    if user_ids is not None:
        roles = roles.filter(user_id__in=user_ids)
    grants: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for user_id, role, path in roles.values_list("user_id", "role", "unit__path"):
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
            action="newsroom.permissions_sync",
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
    actor: AnyUser | None = None,
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
        action="newsroom.feedback_submit",
        target=feedback,
        unit_path=feedback.unit.path,
        data={"article": article.pk if article else None},
    )
    _feedback_to_listening(feedback, article)
    return feedback


def _feedback_to_listening(feedback: Feedback, article: ArticlePage | None) -> None:
    """Reader feedback is member voice: listening analyses it (pseudonymously)."""
    from lantoa.listening.choices import OpinionSource
    from lantoa.listening.services.intake import author_ref_for, opinion_ingest

    opinion_ingest(
        unit=feedback.unit,
        source=OpinionSource.WEBSITE_FEEDBACK,
        source_key=f"newsroom.feedback:{feedback.pk}",
        text=feedback.text,
        received_at=feedback.created_at,
        author_ref=author_ref_for("website", feedback.email.lower()) if feedback.email else "",
        page_id=article.pk if article is not None else None,
    )


def article_share_on_channels(*, article_id: int) -> int:
    """Share a just-published article on its unit's auto-post channels (each
    channel's own template). Idempotent: re-publishing an edit posts nothing.
    Returns the number of deliveries queued."""
    from lantoa.channels.services.autopost import SharedContent, content_share_on_publish

    article = ArticlePage.objects.live().filter(pk=article_id).select_related("unit").first()
    if article is None or article.unit is None:
        return 0
    content = SharedContent(
        title=article.title,
        url=article.get_full_url() or "",
        lead=article.lead,
        hashtags=tuple(tag.name.replace(" ", "") for tag in article.tags.all()),
    )
    result = content_share_on_publish(unit=article.unit, content=content, source_object=article)
    return len(result.deliveries)


@transaction.atomic
def feedback_moderate(*, actor: AnyUser, feedback: Feedback, state: str) -> Feedback:
    """Approve, reject or mark as spam; only officers of the unit or above."""
    if state not in FeedbackState.values or state == FeedbackState.NEW:
        raise InvalidInput("Trạng thái không hợp lệ.")
    if not user_can(actor, Perm.CONTENT_EDIT, feedback.unit):
        raise PermissionDenied()
    previous = feedback.state
    feedback.state = state
    feedback.moderated_at = timezone.now()
    feedback.moderated_by_id = actor.pk  # type: ignore[assignment]
    feedback.save(update_fields=["state", "moderated_at", "moderated_by"])
    audit_record(
        actor=actor,
        action="newsroom.feedback_moderate",
        target=feedback,
        unit_path=feedback.unit.path,
        data={"from": previous, "to": state},
    )
    return feedback
