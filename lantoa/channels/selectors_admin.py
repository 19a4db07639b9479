"""Scoped reads behind the channels back office and API.

Every read starts from `lantoa.org.scoping` with `Perm.CONTENT_EDIT`, the
permission that lets an officer manage a unit's channels: a channel, a post or
a delivery outside the caller's subtree does not exist for them. A delivery
belongs to the unit of its channel (that is whose channel it goes out on).

`selectors.py` (metrics and inbound reads) belongs to another part of the app;
these are the reads of the admin screens and the API.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from uuid import UUID
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When

from lantoa.channels.adapters.registry import adapter_for
from lantoa.channels.choices import DeliveryStatus
from lantoa.channels.models import ChannelAccount, Delivery, DeliveryAttempt, Post
from lantoa.channels.services.outbox import post_content
from lantoa.channels.services.posts import post_preview, post_problems
from lantoa.core.actors import Actor
from lantoa.core.exceptions import NotFound
from lantoa.org.choices import Perm
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import filter_by_scope, path_prefixes, units_for

PERM = Perm.CONTENT_EDIT
# Past this many channels a list of checkboxes (each with its preview) stops
# being usable; see `schedulable_accounts`.
CHANNEL_CHOICE_LIMIT = 100
MARKER_LENGTH = 12  # what services.posts.new_marker() makes


def unit_zone(unit: OrgUnit) -> ZoneInfo:
    """The zone in which a unit's officers read and type times. Units carry no
    zone of their own yet: all of Viet Nam is on Asia/Ho_Chi_Minh (the site's
    TIME_ZONE), and this is the one place to change when that stops being so."""
    return ZoneInfo(getattr(unit, "time_zone", "") or settings.TIME_ZONE)


# ---- scoped querysets ------------------------------------------------------------


def channel_units_for(user: Actor) -> QuerySet[OrgUnit]:
    """Units whose channels and posts the user may manage."""
    return units_for(user, PERM)


def accounts_for(user: Actor) -> QuerySet[ChannelAccount]:
    return filter_by_scope(ChannelAccount.objects.all(), user, PERM, path_field="unit__path")


def posts_for(user: Actor) -> QuerySet[Post]:
    return filter_by_scope(Post.objects.all(), user, PERM, path_field="unit__path")


def deliveries_for(user: Actor) -> QuerySet[Delivery]:
    return filter_by_scope(Delivery.objects.all(), user, PERM, path_field="account__unit__path")


def related_units_q(unit: OrgUnit, prefix: str = "unit__") -> Q:
    """The unit's subtree and its ancestors: where `post_schedule` lets a post
    of `unit` go out."""
    ancestors = path_prefixes(unit.path, include_self=False)
    return Q(**{f"{prefix}path__startswith": unit.path}) | Q(**{f"{prefix}path__in": ancestors})


def accounts_for_unit(user: Actor, unit: OrgUnit) -> QuerySet[ChannelAccount]:
    """Channels a post of `unit` may go out on, among those the user manages:
    the unit's own first, then its ancestors' and its subtree's, nearest first."""
    ancestors = path_prefixes(unit.path, include_self=False)
    return (
        accounts_for(user)
        .filter(related_units_q(unit))
        .select_related("unit")
        .annotate(
            nearness=Case(
                When(unit_id=unit.pk, then=Value(0)),
                When(unit__path__in=ancestors, then=Value(1)),
                default=Value(2),
            )
        )
        .order_by("nearness", "unit__depth", "unit__path", "platform", "name", "id")
    )


def schedulable_accounts(
    user: Actor, post: Post, limit: int | None = None
) -> tuple[QuerySet[ChannelAccount], bool]:
    """The channels `post` has not gone to yet, nearest first, at most `limit`
    of them (a preview each), and whether there were more. Fanning a post out
    to a whole large subtree is a directive's job, not a form's."""
    limit = CHANNEL_CHOICE_LIMIT if limit is None else limit
    taken = Delivery.objects.filter(post=post).values("account_id")
    nearest = accounts_for_unit(user, post.unit).exclude(pk__in=taken)
    ids = list(nearest.values_list("pk", flat=True)[: limit + 1])
    return nearest.filter(pk__in=ids[:limit]), len(ids) > limit


# ---- single objects (API: outside the scope is "not found") -------------------


def account_get(*, user: Actor, public_id: UUID) -> ChannelAccount:
    account = accounts_for(user).select_related("unit").filter(public_id=public_id).first()
    if account is None:
        raise NotFound("Không tìm thấy kênh.")
    return account


def delivery_get(*, user: Actor, public_id: UUID) -> Delivery:
    delivery = (
        deliveries_for(user)
        .select_related("post", "account", "account__unit")
        .filter(public_id=public_id)
        .first()
    )
    if delivery is None:
        raise NotFound("Không tìm thấy lượt gửi.")
    return delivery


def post_get(*, user: Actor, public_id: UUID) -> Post:
    post = posts_for(user).select_related("unit").filter(public_id=public_id).first()
    if post is None:
        raise NotFound("Không tìm thấy bài đăng.")
    return post


def accounts_by_public_ids(*, user: Actor, public_ids: Sequence[UUID]) -> list[ChannelAccount]:
    """The caller's channels with these ids, in the order asked; NotFound
    if any is missing or outside the scope."""
    found = {
        a.public_id: a
        for a in accounts_for(user).select_related("unit").filter(public_id__in=public_ids)
    }
    missing = [str(pid) for pid in public_ids if pid not in found]
    if missing:
        raise NotFound(f"Không tìm thấy kênh: {', '.join(missing)}.")
    return [found[pid] for pid in dict.fromkeys(public_ids)]


# ---- lists -----------------------------------------------------------------------


def account_list(
    user: Actor,
    *,
    platform: str | None = None,
    state: str | None = None,
    unit: OrgUnit | None = None,
) -> QuerySet[ChannelAccount]:
    queryset = accounts_for(user).select_related("unit")
    if platform:
        queryset = queryset.filter(platform=platform)
    if state:
        queryset = queryset.filter(state=state)
    if unit is not None:
        queryset = queryset.filter(unit__path__startswith=unit.path)
    return queryset.order_by("unit__path", "platform", "name", "id")


def post_list(
    user: Actor,
    *,
    unit: OrgUnit | None = None,
    source: str | None = None,
    status: str | None = None,
) -> QuerySet[Post]:
    """Posts with their deliveries (and each delivery's channel): two queries a page."""
    deliveries = Delivery.objects.select_related("account").order_by("account__platform", "id")
    queryset = (
        posts_for(user)
        .select_related("unit")
        .prefetch_related(Prefetch("deliveries", queryset=deliveries))
    )
    if unit is not None:
        queryset = queryset.filter(unit__path__startswith=unit.path)
    if source:
        queryset = queryset.filter(source=source)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-created_at", "-id")


def delivery_list(
    user: Actor,
    *,
    status: str | None = None,
    account: ChannelAccount | None = None,
    post: Post | None = None,
) -> QuerySet[Delivery]:
    queryset = deliveries_for(user).select_related("post", "account", "account__unit")
    if status:
        queryset = queryset.filter(status=status)
    if account is not None:
        queryset = queryset.filter(account=account)
    if post is not None:
        queryset = queryset.filter(post=post)
    return queryset.order_by("-created_at", "-id")


def delivery_status_counts(user: Actor, statuses: Iterable[str]) -> dict[str, int]:
    """{status: count} in the user's scope, for the queue's shortcuts (one query)."""
    wanted = list(statuses)
    rows = (
        deliveries_for(user)
        .filter(status__in=wanted)
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    counts = dict.fromkeys(wanted, 0)
    counts.update(dict(rows))
    return counts


def delivery_attempts(delivery: Delivery) -> list[DeliveryAttempt]:
    """The delivery's calls to its platform, oldest first."""
    return list(DeliveryAttempt.objects.filter(delivery=delivery).order_by("number"))


# ---- composing -------------------------------------------------------------------


@dataclass(frozen=True)
class ChannelPreview:
    """One channel's view of a post while composing."""

    account: ChannelAccount
    text: str
    problems: list[str]
    length: int
    limit: int
    delivery: Delivery | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def channel_previews(
    post: Post, accounts: Iterable[ChannelAccount], deliveries: Iterable[Delivery] = ()
) -> list[ChannelPreview]:
    """The text each channel would receive (`post_preview`) and what it would
    refuse (`post_problems`), channel by channel."""
    by_account = {d.account_id: d for d in deliveries}
    content = post_content(post)
    previews = []
    for account in accounts:
        adapter = adapter_for(account.platform)
        text = post_preview(post, account)
        problems = post_problems(post, [account]).get(str(account), [])
        # Counted as sent, with a real-length marker (not the preview's placeholder),
        # so the figure agrees with the limit check's message.
        length = len(adapter.render(content, marker="x" * MARKER_LENGTH).text)
        previews.append(
            ChannelPreview(
                account=account,
                text=text,
                problems=problems,
                length=length,
                limit=adapter.limits.max_text,
                delivery=by_account.get(account.pk),
            )
        )
    return previews


def problems_by_account(
    post: Post, accounts: Iterable[ChannelAccount]
) -> list[tuple[ChannelAccount, list[str]]]:
    """Only the channels that would refuse the post, each with its messages."""
    return [
        (account, messages)
        for account in accounts
        if (messages := post_problems(post, [account]).get(str(account), []))
    ]


def can_delete_remote(delivery: Delivery) -> bool:
    return (
        delivery.status == DeliveryStatus.SENT
        and bool(delivery.external_id)
        and adapter_for(delivery.account.platform).limits.can_delete
    )
