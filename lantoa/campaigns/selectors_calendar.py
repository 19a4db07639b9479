"""The content calendar: what is planned, scheduled and published, across
channels and units of the user's scope, for a window of time.

- planned: a PlanItem still open (nothing written or queued yet);
- scheduled: an article with an approved go-live time (a Wagtail revision
  with `approved_go_live_at`), or a delivery waiting in the outbox;
- published: a live article (first publication), or a delivery sent.

Five queries at most, whatever the scope or the number of items: one per
source, each bounded by the window, the scope and `limit`.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import BigIntegerField, CharField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.text import Truncator
from wagtail.models import Revision

from lantoa.campaigns.choices import CalendarChannel, CalendarState, ItemKind, PlanState
from lantoa.campaigns.models import Campaign, CampaignItem, PlanItem, TaskPublication
from lantoa.channels.choices import DeliveryStatus
from lantoa.channels.public import Delivery
from lantoa.core.actors import Actor
from lantoa.newsroom.public import ArticlePage
from lantoa.org.choices import Perm
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import filter_by_scope

DEFAULT_LIMIT = 1500
WAITING_STATUSES = (DeliveryStatus.QUEUED, DeliveryStatus.RETRYING, DeliveryStatus.SENDING)


@dataclass(frozen=True)
class CalendarFilters:
    campaign: Campaign | None = None
    unit: OrgUnit | None = None  # this unit and its subtree (inside the user's scope)
    channel: str = ""  # a CalendarChannel value
    state: str = ""  # a CalendarState value


@dataclass(frozen=True)
class CalendarEntry:
    kind: str  # "plan", "article" or "delivery"
    object_id: int
    state: str
    at: dt.datetime
    title: str
    channel: str
    unit: OrgUnit
    detail: str = ""
    assignee: str = ""
    overdue: bool = False

    @property
    def state_label(self) -> str:
        return str(CalendarState(self.state).label)

    @property
    def channel_label(self) -> str:
        return str(CalendarChannel(self.channel).label)

    @property
    def local_day(self) -> dt.date:
        return timezone.localtime(self.at).date()


@dataclass
class CalendarResult:
    entries: list[CalendarEntry] = field(default_factory=list)
    truncated: bool = False

    def by_day(self) -> dict[dt.date, list[CalendarEntry]]:
        days: dict[dt.date, list[CalendarEntry]] = defaultdict(list)
        for entry in self.entries:
            days[entry.local_day].append(entry)
        return days

    def counts(self) -> dict[str, int]:
        totals = dict.fromkeys(CalendarState.values, 0)
        for entry in self.entries:
            totals[entry.state] += 1
        return totals


def _wants(filters: CalendarFilters, state: str, channels: set[str]) -> bool:
    if filters.state and filters.state != state:
        return False
    return not filters.channel or filters.channel in channels


def _plans(
    user: Actor, start: dt.datetime, end: dt.datetime, f: CalendarFilters, limit: int
) -> list[CalendarEntry]:
    qs = filter_by_scope(PlanItem.objects.all(), user, Perm.CONTENT_EDIT, "unit__path").filter(
        state=PlanState.PLANNED, due_at__gte=start, due_at__lt=end
    )
    if f.campaign is not None:
        qs = qs.filter(campaign=f.campaign)
    if f.unit is not None:
        qs = qs.filter(unit__path__startswith=f.unit.path)
    if f.channel:
        qs = qs.filter(channel=f.channel)
    now = timezone.now()
    return [
        CalendarEntry(
            kind="plan",
            object_id=item.pk,
            state=CalendarState.PLANNED,
            at=item.due_at,
            title=item.title,
            channel=item.channel,
            unit=item.unit,
            detail=item.campaign.name if item.campaign else "",
            assignee=(item.assignee.get_full_name().strip() or item.assignee.get_username())
            if item.assignee
            else "",
            overdue=item.due_at < now,
        )
        for item in qs.select_related("unit", "assignee", "campaign").order_by("due_at", "pk")[
            : limit + 1
        ]
    ]


def _campaign_articles(campaign: Campaign) -> Q:
    items = CampaignItem.objects.filter(campaign=campaign, kind=ItemKind.ARTICLE)
    adopted = TaskPublication.objects.filter(task__directive__campaign=campaign, page__isnull=False)
    return Q(pk__in=items.values("object_id")) | Q(pk__in=adopted.values("page_id"))


def _articles(user: Actor, f: CalendarFilters) -> QuerySet[ArticlePage]:
    qs = filter_by_scope(ArticlePage.objects.all(), user, Perm.CONTENT_EDIT, "unit__path")
    if f.campaign is not None:
        qs = qs.filter(_campaign_articles(f.campaign))
    if f.unit is not None:
        qs = qs.filter(unit__path__startswith=f.unit.path)
    return qs.select_related("unit")


def _article_entry(page: ArticlePage, state: str, at: dt.datetime) -> CalendarEntry:
    return CalendarEntry(
        kind="article",
        object_id=page.pk,
        state=state,
        at=at,
        title=page.title,
        channel=CalendarChannel.WEBSITE,
        unit=page.unit,  # type: ignore[arg-type]
    )


def _scheduled_articles(
    user: Actor, start: dt.datetime, end: dt.datetime, f: CalendarFilters, limit: int
) -> list[CalendarEntry]:
    """Articles whose approved revision waits for its go-live time (Wagtail
    keeps `approved_go_live_at` on that revision only, indexed)."""
    article_type = ContentType.objects.get_for_model(ArticlePage)
    waiting = Revision.objects.filter(
        content_type=article_type, approved_go_live_at__gte=start, approved_go_live_at__lt=end
    )
    go_live = Revision.objects.filter(
        content_type=article_type,
        object_id=Cast(OuterRef("pk"), CharField()),
        approved_go_live_at__isnull=False,
    ).values("approved_go_live_at")[:1]
    pages = (
        _articles(user, f)
        .filter(
            pk__in=waiting.annotate(page_id=Cast("object_id", BigIntegerField())).values("page_id")
        )
        .annotate(scheduled_for=Subquery(go_live))
        .order_by("scheduled_for", "pk")[: limit + 1]
    )
    return [
        _article_entry(page, CalendarState.SCHEDULED, page.scheduled_for)  # type: ignore[attr-defined]
        for page in pages
    ]


def _published_articles(
    user: Actor, start: dt.datetime, end: dt.datetime, f: CalendarFilters, limit: int
) -> list[CalendarEntry]:
    pages = (
        _articles(user, f)
        .filter(live=True, first_published_at__gte=start, first_published_at__lt=end)
        .order_by("first_published_at", "pk")[: limit + 1]
    )
    return [
        _article_entry(page, CalendarState.PUBLISHED, page.first_published_at)  # type: ignore[arg-type]
        for page in pages
    ]


def _deliveries(user: Actor, f: CalendarFilters) -> QuerySet[Delivery]:
    # A delivery belongs to the unit of the channel it goes out on (as in channels).
    qs = filter_by_scope(Delivery.objects.all(), user, Perm.CONTENT_EDIT, "account__unit__path")
    if f.campaign is not None:
        items = CampaignItem.objects.filter(campaign=f.campaign, kind=ItemKind.POST)
        adopted = TaskPublication.objects.filter(
            task__directive__campaign=f.campaign, post__isnull=False
        )
        qs = qs.filter(
            Q(post_id__in=items.values("object_id")) | Q(post_id__in=adopted.values("post_id"))
        )
    if f.unit is not None:
        qs = qs.filter(account__unit__path__startswith=f.unit.path)
    if f.channel:
        qs = qs.filter(account__platform=f.channel)
    return qs.select_related("post", "account__unit")


def _delivery_entry(delivery: Delivery, state: str, at: dt.datetime) -> CalendarEntry:
    return CalendarEntry(
        kind="delivery",
        object_id=delivery.pk,
        state=state,
        at=at,
        title=Truncator(delivery.text_override or delivery.post.text).chars(90),
        channel=delivery.account.platform,
        unit=delivery.account.unit,
        detail=delivery.account.name,
    )


def _scheduled_deliveries(
    user: Actor, start: dt.datetime, end: dt.datetime, f: CalendarFilters, limit: int
) -> list[CalendarEntry]:
    """Deliveries waiting in the outbox; `next_attempt_at` is when they go
    (the scheduled time for a scheduled one), on the outbox's own index."""
    rows = (
        _deliveries(user, f)
        .filter(
            status__in=(DeliveryStatus.SCHEDULED, *WAITING_STATUSES),
            next_attempt_at__gte=start,
            next_attempt_at__lt=end,
        )
        .order_by("next_attempt_at", "pk")[: limit + 1]
    )
    return [
        _delivery_entry(d, CalendarState.SCHEDULED, d.next_attempt_at)  # type: ignore[arg-type]
        for d in rows
    ]


def _sent_deliveries(
    user: Actor, start: dt.datetime, end: dt.datetime, f: CalendarFilters, limit: int
) -> list[CalendarEntry]:
    rows = (
        _deliveries(user, f)
        .filter(status=DeliveryStatus.SENT, sent_at__gte=start, sent_at__lt=end)
        .order_by("sent_at", "pk")[: limit + 1]
    )
    return [
        _delivery_entry(d, CalendarState.PUBLISHED, d.sent_at)  # type: ignore[arg-type]
        for d in rows
    ]


SOCIAL_CHANNELS: set[str] = {
    CalendarChannel.FACEBOOK_PAGE,
    CalendarChannel.ZALO_OA,
    CalendarChannel.VIBER_CHANNEL,
    CalendarChannel.TELEGRAM_CHANNEL,
}


def calendar_entries(
    user: Actor,
    *,
    start: dt.datetime,
    end: dt.datetime,
    filters: CalendarFilters | None = None,
    limit: int = DEFAULT_LIMIT,
) -> CalendarResult:
    """Everything in [start, end) the user may see, in time order.

    At most `limit` entries; `truncated` tells when some were left out (the
    caller then narrows the window or the filters)."""
    f = filters or CalendarFilters()
    entries: list[CalendarEntry] = []
    truncated = False
    Source = Callable[[Actor, dt.datetime, dt.datetime, CalendarFilters, int], list[CalendarEntry]]
    sources: list[tuple[str, set[str], Source]] = [
        (CalendarState.PLANNED, set(CalendarChannel.values), _plans),
        (CalendarState.SCHEDULED, {CalendarChannel.WEBSITE}, _scheduled_articles),
        (CalendarState.PUBLISHED, {CalendarChannel.WEBSITE}, _published_articles),
        (CalendarState.SCHEDULED, SOCIAL_CHANNELS, _scheduled_deliveries),
        (CalendarState.PUBLISHED, SOCIAL_CHANNELS, _sent_deliveries),
    ]
    for state, channels, source in sources:
        if not _wants(f, state, channels):
            continue
        found = source(user, start, end, f, limit)
        truncated = truncated or len(found) > limit
        entries.extend(found[:limit])
    entries.sort(key=lambda e: (e.at, e.kind, e.object_id))
    if len(entries) > limit:
        entries, truncated = entries[:limit], True
    return CalendarResult(entries=entries, truncated=truncated)


# ------------------------------------------------------------ calendar grids


def month_weeks(year: int, month: int) -> list[list[dt.date]]:
    """The weeks (Monday to Sunday) that cover a month, as Vietnamese wall
    calendars print it."""
    first = dt.date(year, month, 1)
    start = first - dt.timedelta(days=first.weekday())
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    weeks = []
    day = start
    while day < next_month:
        weeks.append([day + dt.timedelta(days=i) for i in range(7)])
        day += dt.timedelta(days=7)
    return weeks


def week_days(day: dt.date) -> list[dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return [monday + dt.timedelta(days=i) for i in range(7)]


def local_bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start of `first`, start of the day after `last`) in the site's zone."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start, end
