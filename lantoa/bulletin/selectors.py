"""Reads of the bulletin app: recipients, suggestions, archive, send progress."""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.db.models.functions import Lower
from wagtail.models import Page

from lantoa.bulletin.choices import DeliveryState, IssueState, SubscriberState
from lantoa.bulletin.content import article_models
from lantoa.bulletin.models import (
    Bulletin,
    Delivery,
    ExternalSubscriber,
    Issue,
    MemberOptOut,
    Suppression,
)
from lantoa.core.actors import Actor
from lantoa.org import scoping
from lantoa.org.choices import MemberStatus, Perm
from lantoa.org.public import Member, OrgUnit


def _not_suppressed(email_field: str = "email") -> Exists:
    return Exists(Suppression.objects.filter(email=Lower(OuterRef(email_field))))


def member_recipients(bulletin: Bulletin) -> QuerySet[Member]:
    """Members who get this bulletin: active, with an e-mail, anywhere in the
    bulletin unit's subtree (a member is subscribed to their unit's bulletin
    and every ancestor's), minus opt-outs and suppressed addresses.

    One query over the unit path prefix; nothing per member is stored until an
    issue is sent (then a Delivery row each)."""
    return (
        Member.objects.filter(unit__path__startswith=bulletin.unit.path, status=MemberStatus.ACTIVE)
        .exclude(email="")
        .exclude(Exists(MemberOptOut.objects.filter(bulletin=bulletin, member=OuterRef("pk"))))
        .exclude(_not_suppressed())
    )


def subscriber_recipients(bulletin: Bulletin) -> QuerySet[ExternalSubscriber]:
    """Confirmed external subscribers whose address is not suppressed."""
    return ExternalSubscriber.objects.filter(
        bulletin=bulletin, state=SubscriberState.CONFIRMED
    ).exclude(_not_suppressed())


def recipient_count(bulletin: Bulletin) -> int:
    """An estimate for the send screen (addresses shared by two people count twice)."""
    return member_recipients(bulletin).count() + subscriber_recipients(bulletin).count()


def bulletins_of_member(member: Member) -> QuerySet[Bulletin]:
    """The bulletins a member is subscribed to by default: their unit's and
    every ancestor's."""
    unit = member.unit
    paths = [unit.path[: i * OrgUnit.steplen] for i in range(1, unit.depth + 1)]
    return Bulletin.objects.filter(unit__path__in=paths, is_active=True).select_related("unit")


def opted_out_bulletin_ids(member: Member) -> set[int]:
    return set(MemberOptOut.objects.filter(member=member).values_list("bulletin_id", flat=True))


def article_suggestions(issue: Issue, *, limit: int = 50) -> list[Page]:
    """Published articles of the issue's period from the bulletin unit's
    subtree, newest first, without those already in the issue."""
    bulletin = issue.bulletin
    taken = set(issue.articles.values_list("page_id", flat=True))
    found: list[Any] = []
    for model in article_models():
        qs = (
            model.objects.live()
            .filter(
                unit__path__startswith=bulletin.unit.path,
                first_published_at__date__gte=issue.period_start,
                first_published_at__date__lte=issue.period_end,
            )
            .exclude(pk__in=taken)
            .order_by("-first_published_at")[:limit]
        )
        found.extend(qs)
    found.sort(key=lambda p: p.first_published_at, reverse=True)
    return found[:limit]


def article_search(bulletin: Bulletin, query: str, *, limit: int = 30) -> list[Page]:
    """Live articles of the bulletin unit's subtree whose title contains `query`."""
    found: list[Any] = []
    for model in article_models():
        qs = model.objects.live().filter(unit__path__startswith=bulletin.unit.path)
        if query:
            qs = qs.filter(title__icontains=query)
        found.extend(qs.order_by("-first_published_at")[:limit])
    return found[:limit]


def archive_issues(bulletin: Bulletin) -> QuerySet[Issue]:
    """The public archive: sent issues, newest first."""
    return Issue.objects.filter(bulletin=bulletin, state=IssueState.SENT).order_by(
        "-year", "-number"
    )


def issues_for(user: Actor, perm: str = Perm.CONTENT_EDIT) -> QuerySet[Issue]:
    return scoping.filter_by_scope(
        Issue.objects.select_related("bulletin__unit"), user, perm, "bulletin__unit__path"
    )


@dataclass(frozen=True)
class SendProgress:
    total: int
    pending: int
    sending: int
    sent: int
    failed: int

    @property
    def remaining(self) -> int:
        return self.pending + self.sending

    @property
    def percent(self) -> int:
        done = self.sent + self.failed
        return int(100 * done / self.total) if self.total else 0


def send_progress(issue: Issue) -> SendProgress:
    """Counts per delivery state: one grouped query on the (issue, state) index."""
    counts: Counter[str] = Counter(
        dict(
            Delivery.objects.filter(issue=issue)
            .order_by()
            .values_list("state")
            .annotate(n=Count("id"))
            .values_list("state", "n")
        )
    )
    return SendProgress(
        total=sum(counts.values()),
        pending=counts[DeliveryState.PENDING],
        sending=counts[DeliveryState.SENDING],
        sent=counts[DeliveryState.SENT],
        failed=counts[DeliveryState.FAILED],
    )


def bulletin_archive_urls(units: list[Any]) -> dict[int, str]:
    """{unit id: its bulletin archive's address} for units with an active
    bulletin (core.unit_pages: the unit directory and the news sites link it)."""
    from django.urls import reverse

    rows = Bulletin.objects.filter(unit__in=[u.pk for u in units], is_active=True).values_list(
        "unit_id", "unit__slug"
    )
    return {unit_id: reverse("bulletin:archive", args=[slug]) for unit_id, slug in rows}


def delivery_counts_by_state() -> dict[str, int]:
    """Bulletin e-mails counted by state (sent, failed, waiting): `/metrics`."""
    rows = Delivery.objects.order_by().values_list("state").annotate(n=Count("id"))
    return dict(rows)
