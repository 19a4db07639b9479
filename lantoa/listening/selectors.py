"""Reads of member voice, always scoped, with a minimum reporting size so
that small groups cannot be singled out, neither directly nor by subtracting
the visible figures from a total (`lantoa.listening.suppression`)."""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from lantoa.core.actors import Actor
from lantoa.core.text import search_key
from lantoa.listening.choices import Sentiment, Toxicity
from lantoa.listening.ml.keywords import Keyword, extract_keywords
from lantoa.listening.models import Alert, Opinion
from lantoa.listening.suppression import cells_to_hide
from lantoa.org.choices import Perm
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import filter_by_scope


@dataclass(frozen=True)
class OpinionFilters:
    unit: OrgUnit | None = None  # this unit and its subtree
    sentiment: str = ""
    toxicity: str = ""
    source: str = ""
    status: str = ""
    topic: str = ""  # a keyword; matched without diacritics
    since: datetime | None = None
    until: datetime | None = None
    hide_duplicates: bool = False
    # Active learning: analysed, uncorrected opinions, least certain sentiment first.
    least_certain_first: bool = False


def whole_word_pattern(word: str) -> str:
    """A regex matching `word` only as a whole word of a folded text.

    A plain substring test made the topic "an" match "toan" and "nhan". `\\b` is
    not portable (PostgreSQL reads it as a backspace), but `\\W`, `^` and `$` mean
    the same in Python's `re` (SQLite's REGEXP in Django) and PostgreSQL's regexes.
    """
    return rf"(^|\W){re.escape(word)}(\W|$)"


def opinion_list_for(user: Actor, filters: OpinionFilters | None = None) -> QuerySet[Opinion]:
    """Opinions of the user's subtree(s), newest first, filtered."""
    f = filters or OpinionFilters()
    qs = filter_by_scope(
        Opinion.objects.select_related("unit", "assignee"), user, Perm.CONTENT_EDIT
    )
    if f.unit is not None:
        qs = qs.filter(unit__path__startswith=f.unit.path)
    for field in ("sentiment", "toxicity", "source", "status"):
        value = getattr(f, field)
        if value:
            qs = qs.filter(**{field: value})
    if f.topic:
        for word in search_key(f.topic).split():
            qs = qs.filter(folded_text__regex=whole_word_pattern(word))
    if f.since:
        qs = qs.filter(received_at__gte=f.since)
    if f.until:
        qs = qs.filter(received_at__lt=f.until)
    if f.hide_duplicates:
        qs = qs.filter(duplicate_of__isnull=True)
    if f.least_certain_first:
        return (
            qs.filter(labels_corrected=False, sentiment_confidence__isnull=False)
            .exclude(sentiment="")
            .order_by("sentiment_confidence", "-received_at", "-id")
        )
    return qs.order_by("-received_at", "-id")


@dataclass(frozen=True)
class TrendPoint:
    day: date
    total: int | None  # None: fewer than the minimum reporting size
    negative: int | None
    positive: int | None

    @property
    def negative_share(self) -> float | None:
        if not self.total or self.negative is None:
            return None
        return self.negative / self.total


def _min_size() -> int:
    return int(settings.LANTOA_LISTENING_MIN_REPORTING_SIZE)


def local_days(since: datetime, until: datetime) -> list[date]:
    """Every local day (Asia/Ho_Chi_Minh) that [since, until) touches."""
    first = timezone.localtime(since).date()
    last = timezone.localtime(until - timedelta(microseconds=1)).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def sentiment_trend(unit: OrgUnit, since: datetime, until: datetime) -> list[TrendPoint]:
    """Daily volume and sentiment for `unit`'s subtree, one point for every
    local day of the period. The days add up to the period's totals
    (`unit_overview`), so a day below the reporting size (an empty one too)
    is hidden with enough other days that the total minus the visible days
    is nothing or a group of at least the reporting size."""
    rows = {
        row["day"]: row
        for row in Opinion.objects.filter(
            unit__path__startswith=unit.path, received_at__gte=since, received_at__lt=until
        )
        .annotate(day=TruncDate("received_at"))
        .values("day")
        .annotate(
            total=Count("id"),
            negative=Count("id", filter=Q(sentiment=Sentiment.NEGATIVE)),
            positive=Count("id", filter=Q(sentiment=Sentiment.POSITIVE)),
        )
        .order_by("day")
    }
    days = local_days(since, until)
    empty = {"total": 0, "negative": 0, "positive": 0}
    cells = [rows.get(day, empty) for day in days]
    hidden = cells_to_hide([cell["total"] for cell in cells], _min_size())
    return [
        TrendPoint(day=day, total=None, negative=None, positive=None)
        if i in hidden
        else TrendPoint(
            day=day, total=cell["total"], negative=cell["negative"], positive=cell["positive"]
        )
        for i, (day, cell) in enumerate(zip(days, cells, strict=True))
    ]


@dataclass(frozen=True)
class UnitSummary:
    unit: OrgUnit
    total: int | None
    negative_share: float | None
    toxic: int | None


def child_summaries(unit: OrgUnit, since: datetime, until: datetime) -> list[UnitSummary]:
    """One line per active child unit (its whole subtree), for drill-down.
    The children and the unit's own opinions (with those of inactive
    children, never shown apart) add up to the period's totals, so a small
    child is hidden with enough others that no subtraction gives it back."""
    children = list(unit.get_children().filter(is_active=True).order_by("sort_order", "name"))
    base = Opinion.objects.filter(received_at__gte=since, received_at__lt=until)
    whole = base.filter(unit__path__startswith=unit.path).count()
    aggregates = [
        base.filter(unit__path__startswith=child.path).aggregate(
            total=Count("id"),
            negative=Count("id", filter=Q(sentiment=Sentiment.NEGATIVE)),
            toxic=Count("id", filter=Q(toxicity__in=[Toxicity.OFFENSIVE, Toxicity.HATE])),
        )
        for child in children
    ]
    totals = [agg["total"] for agg in aggregates]
    hidden = cells_to_hide(totals, _min_size(), remainder=whole - sum(totals))
    return [
        UnitSummary(unit=child, total=None, negative_share=None, toxic=None)
        if i in hidden or not agg["total"]
        else UnitSummary(
            unit=child,
            total=agg["total"],
            negative_share=agg["negative"] / agg["total"],
            toxic=agg["toxic"],
        )
        for i, (child, agg) in enumerate(zip(children, aggregates, strict=True))
    ]


def top_keywords(
    unit: OrgUnit, since: datetime, until: datetime, *, sentiment: str = "", top_k: int = 10
) -> list[Keyword]:
    """The words members use most in this subtree and period, against the
    background of the parent unit's voice over the same period."""
    qs = Opinion.objects.filter(
        unit__path__startswith=unit.path, received_at__gte=since, received_at__lt=until
    )
    if sentiment:
        qs = qs.filter(sentiment=sentiment)
    texts = list(qs.values_list("text", flat=True)[:5000])
    if len(texts) < settings.LANTOA_LISTENING_MIN_REPORTING_SIZE:
        return []
    return extract_keywords(texts, top_k=top_k)


def alert_list_for(user: Actor) -> QuerySet[Alert]:
    return filter_by_scope(
        Alert.objects.select_related("unit", "escalated_to"), user, Perm.CONTENT_EDIT
    ) | filter_by_scope(
        Alert.objects.select_related("unit", "escalated_to"),
        user,
        Perm.CONTENT_EDIT,
        path_field="escalated_to__path",
    )


def alert_get(alert_id: int) -> Alert | None:
    """One alert by id, with its unit (for subscribers that act as the system)."""
    return Alert.objects.select_related("unit").filter(pk=alert_id).first()


def analysis_backlog() -> int:
    """Opinions waiting for the classifier (neither analysed nor failed): `/metrics`."""
    return Opinion.objects.filter(analysed_at__isnull=True, analysis_error="").count()


def alert_counts_by_state() -> dict[str, int]:
    """Alerts counted by state, all units together: `/metrics`."""
    rows = Alert.objects.order_by().values_list("state").annotate(n=Count("id"))
    return dict(rows)
