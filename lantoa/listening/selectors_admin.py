"""Scoped reads behind the listening back office and API: one opinion, the
channel message it came from, who may be assigned, and the dashboard of a unit.

Every read starts from `lantoa.org.scoping` with `Perm.CONTENT_EDIT` (the
right to triage a unit's voice): an opinion, unit or alert outside the
caller's subtree does not exist for them (NotFound). Figures apply the
minimum reporting size (`LANTOA_LISTENING_MIN_REPORTING_SIZE`): a count below
it is never shown, nor given back by subtracting the visible figures from a
total (`lantoa.listening.suppression`), so that a small group cannot be
singled out.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from lantoa.channels.models import InboundMessage
from lantoa.core.actors import Actor
from lantoa.core.exceptions import NotFound
from lantoa.listening.choices import AlertState, Sentiment, Toxicity
from lantoa.listening.ml.calibration import UNCERTAIN_BELOW
from lantoa.listening.ml.keywords import Keyword
from lantoa.listening.models import Alert, Opinion
from lantoa.listening.selectors import (
    TrendPoint,
    UnitSummary,
    alert_list_for,
    child_summaries,
    opinion_list_for,
    sentiment_trend,
    top_keywords,
)
from lantoa.listening.services.intake_channels import message_id_of
from lantoa.org.choices import Perm
from lantoa.org.models import RoleAssignment
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import (
    ROLE_PERMISSIONS,
    ancestors_in_scope,
    default_unit,
    filter_by_scope,
    path_prefixes,
    units_for,
    user_can,
)

PERM = Perm.CONTENT_EDIT
PERIODS = (7, 30, 90)  # days a dashboard can cover
DEFAULT_PERIOD = 30


def min_reporting_size() -> int:
    return int(settings.LANTOA_LISTENING_MIN_REPORTING_SIZE)


# ---- opinions -------------------------------------------------------------------


def opinion_get_for(
    user: Actor, *, pk: int | None = None, public_id: UUID | None = None
) -> Opinion:
    """One opinion of the user's subtree, by id or public id; NotFound otherwise."""
    lookup: dict[str, Any] = {"pk": pk} if pk is not None else {"public_id": public_id}
    opinion = opinion_list_for(user).filter(**lookup).first()
    if opinion is None:
        raise NotFound("Không tìm thấy ý kiến này trong phạm vi của bạn.")
    return opinion


def opinion_inbound_message(opinion: Opinion) -> InboundMessage | None:
    """The channel comment or message an opinion was taken from, if any."""
    message_id = message_id_of(opinion)
    if message_id is None:
        return None
    return (
        InboundMessage.objects.select_related("account__unit", "delivery")
        .filter(pk=message_id)
        .first()
    )


def assignee_choices(opinion: Opinion) -> QuerySet[Any]:
    """Active users who may triage `opinion`: holders of a role granting
    CONTENT_EDIT at its unit or an ancestor (what `opinion_assign` accepts)."""
    ancestors = path_prefixes(opinion.unit.path)
    roles = [role for role, perms in ROLE_PERMISSIONS.items() if PERM in perms]
    user_ids = RoleAssignment.objects.filter(
        unit__path__in=ancestors, unit__is_active=True, role__in=roles
    ).values("user_id")
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=user_ids)
        .order_by("last_name", "first_name", "username")
    )


# ---- units ------------------------------------------------------------------------


def listening_units_for(user: Actor) -> QuerySet[OrgUnit]:
    """Units whose voice the user may read (and triage)."""
    return units_for(user, PERM)


def default_unit_for(user: Actor) -> OrgUnit | None:
    """The top-most unit the user may read: where a dashboard opens."""
    return default_unit(user, PERM)


def unit_ancestors_in_scope(user: Actor, unit: OrgUnit) -> list[OrgUnit]:
    """The unit's ancestors the user may also read, top first (breadcrumbs)."""
    return ancestors_in_scope(user, unit, PERM)


# ---- dashboard --------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitOverview:
    """Counts over a unit's subtree in a period; every count is None when the
    total is below the minimum reporting size."""

    total: int | None
    negative: int | None
    neutral: int | None
    positive: int | None
    unanalysed: int | None
    toxic: int | None
    min_size: int
    # Counted apart: analysed texts with nothing to analyse, and labels the model
    # is not sure of (calibrated confidence below the threshold; they stay in
    # their label's count too).
    no_content: int | None = None
    uncertain: int | None = None
    mixed: int | None = None

    @property
    def suppressed(self) -> bool:
        return self.total is None

    def share(self, count: int | None) -> float | None:
        if not self.total or count is None:
            return None
        return count / self.total


def unit_overview(unit: OrgUnit, since: datetime, until: datetime) -> UnitOverview:
    agg = Opinion.objects.filter(
        unit__path__startswith=unit.path, received_at__gte=since, received_at__lt=until
    ).aggregate(
        total=Count("id"),
        negative=Count("id", filter=Q(sentiment=Sentiment.NEGATIVE)),
        neutral=Count("id", filter=Q(sentiment=Sentiment.NEUTRAL)),
        positive=Count("id", filter=Q(sentiment=Sentiment.POSITIVE)),
        unanalysed=Count("id", filter=Q(sentiment="", analysed_at__isnull=True)),
        no_content=Count("id", filter=Q(sentiment="", analysed_at__isnull=False)),
        mixed=Count("id", filter=Q(sentiment=Sentiment.MIXED)),
        uncertain=Count(
            "id",
            filter=Q(sentiment_confidence__lt=UNCERTAIN_BELOW, labels_corrected=False)
            & ~Q(sentiment=""),
        ),
        toxic=Count("id", filter=Q(toxicity__in=[Toxicity.OFFENSIVE, Toxicity.HATE])),
    )
    size = min_reporting_size()
    if agg["total"] < size:
        return UnitOverview(None, None, None, None, None, None, size)
    return UnitOverview(min_size=size, **agg)


@dataclass(frozen=True)
class DayPoint:
    """One day of the trend; counts are None below the minimum reporting size."""

    day: date
    total: int | None
    negative: int | None
    positive: int | None

    @property
    def neutral(self) -> int | None:
        if self.total is None or self.negative is None or self.positive is None:
            return None
        return self.total - self.negative - self.positive


def _day_points(points: list[TrendPoint]) -> list[DayPoint]:
    return [DayPoint(p.day, p.total, p.negative, p.positive) for p in points]


@dataclass(frozen=True)
class Dashboard:
    unit: OrgUnit
    since: datetime
    until: datetime
    overview: UnitOverview
    days: list[DayPoint]
    keywords: list[Keyword]
    negative_keywords: list[Keyword]
    children: list[UnitSummary]
    alerts: list[Alert]

    @property
    def busiest_day(self) -> int:
        return max((d.total or 0 for d in self.days), default=0)


def dashboard_for(unit: OrgUnit, *, days: int = DEFAULT_PERIOD) -> Dashboard:
    """Everything the dashboard of `unit` (its whole subtree) shows for the last
    `days` days. The caller checks that the user may see `unit`."""
    until = timezone.now()
    since = until - timedelta(days=days)
    overview = unit_overview(unit, since, until)
    return Dashboard(
        unit=unit,
        since=since,
        until=until,
        overview=overview,
        days=_day_points(sentiment_trend(unit, since, until)),
        keywords=[] if overview.suppressed else top_keywords(unit, since, until),
        negative_keywords=(
            []
            if overview.suppressed
            else top_keywords(unit, since, until, sentiment=Sentiment.NEGATIVE, top_k=5)
        ),
        children=child_summaries(unit, since, until),
        alerts=list(
            Alert.objects.filter(unit__path__startswith=unit.path, created_at__gte=since)
            .select_related("unit", "escalated_to")
            .order_by("state", "-created_at")[:10]
        ),
    )


# ---- alerts -------------------------------------------------------------------------------


def alert_list_visible(user: Actor, *, state: str = "") -> QuerySet[Alert]:
    """Alerts of the user's subtree(s) and those escalated to a unit in it, newest
    first. An escalated alert goes to the parent unit, so it shows there too."""
    qs = alert_list_for(user)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-created_at", "-id")


def alert_get_for(user: Actor, *, pk: int | None = None, public_id: UUID | None = None) -> Alert:
    lookup: dict[str, Any] = {"pk": pk} if pk is not None else {"public_id": public_id}
    alert = alert_list_visible(user).filter(**lookup).first()
    if alert is None:
        raise NotFound("Không tìm thấy cảnh báo này trong phạm vi của bạn.")
    return alert


def open_alert_count(user: Actor) -> int:
    return (
        filter_by_scope(Alert.objects.all(), user, PERM)
        .filter(state__in=[AlertState.OPEN, AlertState.ESCALATED])
        .count()
    )


def can_triage(user: Actor, opinion: Opinion) -> bool:
    return user_can(user, PERM, opinion.unit)
