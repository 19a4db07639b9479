"""Reads of member voice, always scoped, with a minimum reporting size so
that small groups cannot be singled out."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate

from lantoa.core.text import search_key
from lantoa.listening.choices import Sentiment
from lantoa.listening.ml.keywords import Keyword, extract_keywords
from lantoa.listening.models import Alert, Opinion
from lantoa.org.choices import Perm
from lantoa.org.models import OrgUnit
from lantoa.org.scoping import filter_by_scope

AnyUser = AbstractBaseUser | AnonymousUser


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


def whole_word_pattern(word: str) -> str:
    """A regex matching `word` only as a whole word of a folded text.

    A plain substring test made the topic "an" match "toan" and "nhan". `\\b` is
    not portable (PostgreSQL reads it as a backspace), but `\\W`, `^` and `$` mean
    the same in Python's `re` (SQLite's REGEXP in Django) and PostgreSQL's regexes.
    """
    return rf"(^|\W){re.escape(word)}(\W|$)"


def opinion_list_for(user: AnyUser, filters: OpinionFilters | None = None) -> QuerySet[Opinion]:
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


def _suppress(n: int) -> int | None:
    return n if n >= settings.LANTOA_LISTENING_MIN_REPORTING_SIZE else None


def sentiment_trend(unit: OrgUnit, since: datetime, until: datetime) -> list[TrendPoint]:
    """Daily volume and sentiment for `unit`'s subtree (local days)."""
    rows = (
        Opinion.objects.filter(
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
    )
    points = []
    for row in rows:
        shown = _suppress(row["total"])
        points.append(
            TrendPoint(
                day=row["day"],
                total=shown,
                negative=row["negative"] if shown is not None else None,
                positive=row["positive"] if shown is not None else None,
            )
        )
    return points


@dataclass(frozen=True)
class UnitSummary:
    unit: OrgUnit
    total: int | None
    negative_share: float | None
    toxic: int | None


def child_summaries(unit: OrgUnit, since: datetime, until: datetime) -> list[UnitSummary]:
    """One line per child unit (its whole subtree), for drill-down; small groups hidden."""
    children = list(unit.get_children().filter(is_active=True).order_by("sort_order", "name"))
    base = Opinion.objects.filter(received_at__gte=since, received_at__lt=until)
    summaries = []
    for child in children:
        agg = base.filter(unit__path__startswith=child.path).aggregate(
            total=Count("id"),
            negative=Count("id", filter=Q(sentiment=Sentiment.NEGATIVE)),
            toxic=Count("id", filter=~Q(toxicity__in=["", "clean"])),
        )
        shown = _suppress(agg["total"])
        summaries.append(
            UnitSummary(
                unit=child,
                total=shown,
                negative_share=agg["negative"] / agg["total"] if shown else None,
                toxic=agg["toxic"] if shown else None,
            )
        )
    return summaries


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


def alert_list_for(user: AnyUser) -> QuerySet[Alert]:
    return filter_by_scope(
        Alert.objects.select_related("unit", "escalated_to"), user, Perm.CONTENT_EDIT
    ) | filter_by_scope(
        Alert.objects.select_related("unit", "escalated_to"),
        user,
        Perm.CONTENT_EDIT,
        path_field="escalated_to__path",
    )
