"""Reads of campaigns and directives: what a user may see, a campaign's
content and progress against its goals, and directive compliance overall,
by level and by branch.

This module is the campaigns app's public reading API: analytics (and any
other reader) uses only what is here. Everything returns plain dataclasses or
querysets; nothing writes. Query counts are stated per function: none issues
more queries as the tasks, units or items it summarises grow in number.

Scoping: functions named `*_for(user)` apply `lantoa.org.scoping`; the
compliance functions take already-chosen objects and an optional `tasks`
queryset to count from (pass `tasks_for(user)` to count only what a user may
see); `campaign_progress` takes its `viewer` and counts only the units the
viewer may read.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Substr

from lantoa.campaigns.choices import ItemKind, TaskState
from lantoa.campaigns.models import (
    Campaign,
    CampaignItem,
    Directive,
    DirectiveTask,
    TaskNotice,
    TaskProof,
)
from lantoa.channels.choices import DeliveryStatus
from lantoa.channels.public import Delivery, Post
from lantoa.channels.selectors import latest_reach
from lantoa.core.actors import Actor, actor_user_id
from lantoa.core.exceptions import NotFound
from lantoa.honours.selectors import campaign_honours, campaign_nominations
from lantoa.newsroom.public import ArticlePage
from lantoa.org.choices import COUNTED_UNIT_KINDS, Perm
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import (
    filter_by_scope,
    path_prefixes,
    scope_paths,
    user_can,
)
from lantoa.org.selectors import role_unit_ids

# ------------------------------------------------------------------ visibility


def ancestor_paths(path: str) -> list[str]:
    """The paths of a unit and of every unit above it."""
    return path_prefixes(path)


def campaigns_managed_by(user: Actor) -> QuerySet[Campaign]:
    """Campaigns owned by a unit in the user's `Perm.CONTENT_EDIT` scope (editable)."""
    return filter_by_scope(Campaign.objects.all(), user, Perm.CONTENT_EDIT, "unit__path")


def campaigns_for(user: Actor) -> QuerySet[Campaign]:
    """Campaigns the user may see: those they manage, and those of upper units
    whose target subtree meets their scope (so a grassroots officer can plan
    under the industry union's campaign). One query; no duplicates."""
    paths = scope_paths(user, Perm.CONTENT_EDIT)
    if paths is None:
        return Campaign.objects.all()
    return campaigns_seen_from(paths)


def campaigns_seen_from(paths: list[str]) -> QuerySet[Campaign]:
    """Campaigns seen from the units at `paths`: run or addressed inside
    their subtrees, or addressed to them from above."""
    if not paths:
        return Campaign.objects.none()
    above: set[str] = set()
    for path in paths:
        above.update(ancestor_paths(path))
    addressed = Q(target_unit__path__in=above) | Q(target_unit__isnull=True, unit__path__in=above)
    managed_or_inside = Q()
    for path in paths:
        managed_or_inside |= Q(unit__path__startswith=path) | Q(target_unit__path__startswith=path)
    return Campaign.objects.filter(managed_or_inside | addressed)


def campaign_choices_for(user: Actor) -> list[tuple[UUID, str]]:
    """(public id, title) of the campaigns the user may see (press ties its
    releases and clippings to them)."""
    return [(pk, str(title)) for pk, title in campaigns_for(user).values_list("public_id", "name")]


def campaign_choices_at(unit_path: str) -> list[tuple[UUID, str]]:
    """(public id, title) of the campaigns the unit at `unit_path` sees (an
    honour round may be tied to them)."""
    return [
        (pk, str(title))
        for pk, title in campaigns_seen_from([unit_path]).values_list("public_id", "name")
    ]


def directives_for(user: Actor) -> QuerySet[Directive]:
    """Directives sent (or drafted) by a unit in the user's `Perm.CONTENT_EDIT` scope."""
    return filter_by_scope(Directive.objects.all(), user, Perm.CONTENT_EDIT, "sender_unit__path")


def tasks_for(user: Actor) -> QuerySet[DirectiveTask]:
    """Tasks of units in the user's scope: their own unit's and its subtree's,
    never a sibling's."""
    return filter_by_scope(DirectiveTask.objects.all(), user, Perm.CONTENT_EDIT, "unit__path")


def directive_visible_to(user: Actor, directive: Directive) -> bool:
    """The sender's scope sees a directive; so does a unit that received it."""
    if user_can(user, Perm.CONTENT_EDIT, directive.sender_unit):
        return True
    return tasks_for(user).filter(directive=directive).exists()


def campaign_get_for(user: Actor, *, public_id: UUID) -> Campaign:
    campaign = (
        campaigns_for(user)
        .select_related("unit", "target_unit")
        .filter(public_id=public_id)
        .first()
    )
    if campaign is None:
        raise NotFound("Không tìm thấy chiến dịch.")
    return campaign


def directive_get_for(user: Actor, *, public_id: UUID) -> Directive:
    """A directive the user may see (sent from or received in their scope)."""
    directive = (
        Directive.objects.select_related("sender_unit", "campaign")
        .filter(public_id=public_id)
        .first()
    )
    if directive is None or not directive_visible_to(user, directive):
        raise NotFound("Không tìm thấy định hướng.")
    return directive


def task_get_for(user: Actor, *, public_id: UUID) -> DirectiveTask:
    task = (
        tasks_for(user)
        .select_related("unit", "directive__sender_unit", "directive__campaign")
        .filter(public_id=public_id)
        .first()
    )
    if task is None:
        raise NotFound("Không tìm thấy nhiệm vụ.")
    return task


def notices_for(user: Actor) -> QuerySet[TaskNotice]:
    """Unread notices addressed to a unit where the user holds a role
    (reminders of its tasks, escalations of its children's), newest first."""
    user_id = actor_user_id(user)
    if user_id is None or not user.is_active:
        return TaskNotice.objects.none()
    return (
        TaskNotice.objects.filter(unit_id__in=role_unit_ids(user_id), read_at__isnull=True)
        .select_related("unit", "task__unit", "task__directive")
        .order_by("-created_at", "-id")
    )


# ------------------------------------------------------------------ compliance


@dataclass(frozen=True)
class ComplianceCounts:
    """Tasks by state. `done_late` is the part of `done` finished after the
    due date; `late` are overdue and still not done."""

    total: int = 0
    new: int = 0
    acknowledged: int = 0
    done: int = 0
    done_late: int = 0
    late: int = 0
    adopted: int = 0

    @property
    def open(self) -> int:
        return self.new + self.acknowledged

    @property
    def done_on_time(self) -> int:
        return self.done - self.done_late

    @property
    def done_pct(self) -> float:
        """Share of tasks done (on time or late), in [0, 100]."""
        return round(100 * self.done / self.total, 1) if self.total else 0.0

    @property
    def on_time_pct(self) -> float:
        return round(100 * self.done_on_time / self.total, 1) if self.total else 0.0

    def __add__(self, other: "ComplianceCounts") -> "ComplianceCounts":
        return ComplianceCounts(
            *(getattr(self, n) + getattr(other, n) for n in self.__dataclass_fields__)
        )


@dataclass(frozen=True)
class LevelCompliance:
    depth: int  # the units' depth in the whole tree (1 = a root)
    relative_level: int  # 1 = directly below the unit counted from
    counts: ComplianceCounts


@dataclass(frozen=True)
class BranchCompliance:
    """One child of the unit counted from (its whole subtree), or the unit
    itself (`own`: its own task only)."""

    unit: OrgUnit
    own: bool
    counts: ComplianceCounts


_COUNTS = {
    "total": Count("pk"),
    "new": Count("pk", filter=Q(state=TaskState.NEW)),
    "acknowledged": Count("pk", filter=Q(state=TaskState.ACKNOWLEDGED)),
    "done": Count("pk", filter=Q(state=TaskState.DONE)),
    "done_late": Count("pk", filter=Q(state=TaskState.DONE, done_at__gt=F("due_at"))),
    "late": Count("pk", filter=Q(state=TaskState.LATE)),
    "adopted": Count("pk", filter=Q(adopted_at__isnull=False)),
}


def _counts(row: Mapping[str, Any]) -> ComplianceCounts:
    return ComplianceCounts(**{name: int(row.get(name) or 0) for name in _COUNTS})


def _base_tasks(
    tasks: QuerySet[DirectiveTask] | None, within: OrgUnit | None
) -> QuerySet[DirectiveTask]:
    qs = DirectiveTask.objects.all() if tasks is None else tasks
    if within is not None:
        qs = qs.filter(unit__path__startswith=within.path)
    return qs


def directive_compliance(
    directive: Directive,
    *,
    within: OrgUnit | None = None,
    tasks: QuerySet[DirectiveTask] | None = None,
) -> ComplianceCounts:
    """Counts by state of a directive's tasks (in `within`'s subtree, among
    `tasks`). One aggregate query."""
    qs = _base_tasks(tasks, within).filter(directive=directive)
    return _counts(qs.aggregate(**_COUNTS))


def directive_compliance_by_level(
    directive: Directive,
    *,
    within: OrgUnit | None = None,
    tasks: QuerySet[DirectiveTask] | None = None,
) -> list[LevelCompliance]:
    """Counts per depth of the receiving units, top level first. One query."""
    base = within or directive.sender_unit
    rows = (
        _base_tasks(tasks, within)
        .filter(directive=directive)
        .values("unit__depth")
        .annotate(**_COUNTS)
        .order_by("unit__depth")
    )
    return [
        LevelCompliance(
            depth=row["unit__depth"],
            relative_level=row["unit__depth"] - base.depth,
            counts=_counts(row),
        )
        for row in rows
    ]


def _by_branch(qs: QuerySet[DirectiveTask], base: OrgUnit) -> list[BranchCompliance]:
    """Group `qs` (already inside `base`'s subtree) by the child of `base`
    each task's unit lies under; `base`'s own tasks form their own row. Two
    queries: the grouped counts, then the branch units."""
    branch_len = len(base.path) + OrgUnit.steplen
    rows = list(
        qs.annotate(branch=Substr("unit__path", 1, branch_len))
        .values("branch")
        .annotate(**_COUNTS)
        .order_by("branch")
    )
    units = {u.path: u for u in OrgUnit.objects.filter(path__in=[r["branch"] for r in rows])}
    result = []
    for row in rows:
        unit = units.get(row["branch"])
        if unit is not None:
            result.append(BranchCompliance(unit=unit, own=unit.pk == base.pk, counts=_counts(row)))
    result.sort(key=lambda b: (not b.own, b.unit.sort_order, b.unit.path))
    return result


def directive_compliance_by_branch(
    directive: Directive,
    *,
    within: OrgUnit | None = None,
    tasks: QuerySet[DirectiveTask] | None = None,
) -> list[BranchCompliance]:
    """Counts per child of `within` (default: the sender), each covering that
    child's whole subtree, plus `within`'s own task if it has one. The rows
    add up to `directive_compliance(directive, within=within)`. Two queries."""
    base = within or directive.sender_unit
    qs = _base_tasks(tasks, base).filter(directive=directive)
    return _by_branch(qs, base)


def _period_tasks(
    unit: OrgUnit, since: datetime | None, until: datetime | None
) -> QuerySet[DirectiveTask]:
    qs = DirectiveTask.objects.filter(unit__path__startswith=unit.path)
    if since is not None:
        qs = qs.filter(directive__sent_at__gte=since)
    if until is not None:
        qs = qs.filter(directive__sent_at__lt=until)
    return qs


def subtree_compliance(
    unit: OrgUnit, *, since: datetime | None = None, until: datetime | None = None
) -> ComplianceCounts:
    """Every task received by `unit` or a unit below it, of directives sent in
    [since, until), whoever sent them. One aggregate query."""
    return _counts(_period_tasks(unit, since, until).aggregate(**_COUNTS))


def subtree_compliance_by_child(
    unit: OrgUnit, *, since: datetime | None = None, until: datetime | None = None
) -> list[BranchCompliance]:
    """`subtree_compliance` split by child of `unit` (plus `unit`'s own
    tasks); the rows add up to it. Two queries."""
    return _by_branch(_period_tasks(unit, since, until), unit)


# --------------------------------------------------------- campaign content


def _item_ids(campaign: Campaign, kind: str) -> QuerySet[CampaignItem, Any]:
    return CampaignItem.objects.filter(campaign=campaign, kind=kind).values("object_id")


def campaign_articles(campaign: Campaign) -> QuerySet[ArticlePage]:
    """The campaign's live articles, newest first (for a topic hub), with
    their hero images' renditions left to the caller."""
    return (
        ArticlePage.objects.live()
        .filter(pk__in=_item_ids(campaign, ItemKind.ARTICLE))
        .select_related("hero_image", "unit")
        .order_by("-first_published_at", "-pk")
    )


def campaign_posts(campaign: Campaign) -> QuerySet[Post]:
    """The campaign's posts (sent or not), newest first."""
    return (
        Post.objects.filter(pk__in=_item_ids(campaign, ItemKind.POST))
        .select_related("unit")
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class GoalProgress:
    key: str
    goal: int | None
    actual: int

    @property
    def percent(self) -> float | None:
        """Progress towards the goal in [0, 100]; None without a goal."""
        if not self.goal:
            return None
        return min(100.0, round(100 * self.actual / self.goal, 1))


@dataclass(frozen=True)
class CampaignProgress:
    articles: GoalProgress  # live articles linked to the campaign
    posts: GoalProgress  # linked posts delivered to at least one channel
    reach: GoalProgress  # channel reach (newest figure per delivery) + reported reach
    participants: GoalProgress  # reported by units in their proofs
    unit_share: GoalProgress  # % of the target subtree's active units taking part
    bulletin_issues: int
    units_total: int
    units_taking_part: int
    reach_channels: int
    reach_reported: int
    whole: bool = True  # False: only the viewer's units are counted
    # Members honoured in the campaign's honour rounds, counted for the unit
    # that nominated them (no goal of its own).
    honours: GoalProgress = GoalProgress("honours", None, 0)


PROGRESS_PERM = Perm.UNIT_VIEW
"""Reading a unit's campaign figures takes what reading its other figures takes."""


def campaign_progress(campaign: Campaign, *, viewer: Actor) -> CampaignProgress:
    """How far the campaign is against its goals, counting only the units
    `viewer` may read (`org.scoping`, `PROGRESS_PERM`): the owner's officers
    see the whole target subtree, an addressed unit sees its own subtree's
    figures and never a sibling's (`whole` is then False). A unit "takes
    part" when it has content linked to the campaign or a completed task of
    one of its directives, or a nomination sent in one of its honour rounds;
    content counts for the unit that linked it, an honour for the unit that
    nominated the member. Seven queries, plus one to read the viewer's roles
    if not yet cached, whatever the campaign's size."""

    def in_view(queryset: QuerySet[Any], path_field: str) -> QuerySet[Any]:
        return filter_by_scope(queryset, viewer, PROGRESS_PERM, path_field)

    def item_ids(kind: str) -> QuerySet[CampaignItem, Any]:
        return in_view(
            CampaignItem.objects.filter(campaign=campaign, kind=kind), "unit__path"
        ).values("object_id")

    articles = ArticlePage.objects.live().filter(pk__in=item_ids(ItemKind.ARTICLE)).count()
    posts = (
        Post.objects.filter(pk__in=item_ids(ItemKind.POST), deliveries__status=DeliveryStatus.SENT)
        .distinct()
        .count()
    )
    bulletin_issues = in_view(
        CampaignItem.objects.filter(campaign=campaign, kind=ItemKind.BULLETIN_ISSUE),
        "unit__path",
    ).count()
    reach_channels = (
        Delivery.objects.filter(post_id__in=item_ids(ItemKind.POST), status=DeliveryStatus.SENT)
        .annotate(latest_reach=latest_reach())
        .aggregate(total=Sum("latest_reach"))["total"]
        or 0
    )
    reported = in_view(
        TaskProof.objects.filter(task__directive__campaign=campaign), "task__unit__path"
    ).aggregate(reach=Sum("reach"), participants=Sum("participants"))
    honours = in_view(campaign_honours(campaign.public_id), "nomination__unit_path").count()
    scope = campaign.scope_unit
    taking_part = (
        Q(Exists(campaign_nominations(campaign.public_id).filter(unit=OuterRef("pk"))))
        | Q(Exists(CampaignItem.objects.filter(campaign=campaign, unit=OuterRef("pk"))))
        | Q(
            Exists(
                DirectiveTask.objects.filter(
                    directive__campaign=campaign, unit=OuterRef("pk"), state=TaskState.DONE
                )
            )
        )
    )
    unit_row = (
        in_view(OrgUnit.objects.all(), "path")
        .filter(path__startswith=scope.path, is_active=True, kind__in=COUNTED_UNIT_KINDS)
        .aggregate(total=Count("pk"), taking_part=Count("pk", filter=taking_part))
    )
    units_total = unit_row["total"] or 0
    units_taking_part = unit_row["taking_part"] or 0
    share = round(100 * units_taking_part / units_total) if units_total else 0
    reach_reported = reported["reach"] or 0
    return CampaignProgress(
        articles=GoalProgress("articles", campaign.goal_articles, articles),
        posts=GoalProgress("posts", campaign.goal_posts, posts),
        reach=GoalProgress("reach", campaign.goal_reach, reach_channels + reach_reported),
        participants=GoalProgress(
            "participants", campaign.goal_participants, reported["participants"] or 0
        ),
        unit_share=GoalProgress("unit_share", campaign.goal_unit_share, share),
        bulletin_issues=bulletin_issues,
        units_total=units_total,
        units_taking_part=units_taking_part,
        reach_channels=reach_channels,
        reach_reported=reach_reported,
        whole=user_can(viewer, PROGRESS_PERM, scope),
        honours=GoalProgress("honours", None, honours),
    )
