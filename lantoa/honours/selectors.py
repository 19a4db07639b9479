"""Reads of the honours app with rules: the nominations waiting for an
approver, a member's honours, the honour board, and the certificate check
(docs/subsystems/honours.md)."""

import uuid
from typing import Any

from django.db.models import QuerySet

from lantoa.core.actors import Actor
from lantoa.honours.choices import NominationState, RoundState
from lantoa.honours.models import Honour, HonourBoardPage, HonourRound, Nomination
from lantoa.org import scoping
from lantoa.org.choices import Perm
from lantoa.org.public import Member, OrgUnit


def nominations_waiting_for(user: Actor) -> QuerySet[Nomination]:
    """Nominations in review whose turn is at a unit the user approves for."""
    return scoping.filter_by_scope(
        Nomination.objects.filter(state=NominationState.IN_REVIEW),
        user,
        Perm.CONTENT_APPROVE,
        path_field="awaiting_unit__path",
    ).select_related("member", "unit", "awaiting_unit", "round")


def open_rounds_for(user: Actor) -> QuerySet[HonourRound]:
    """Rounds taking nominations that cover a unit the user edits for (the
    organiser is that unit or above it)."""
    paths = scoping.scope_paths(user, Perm.CONTENT_EDIT)
    rounds = HonourRound.objects.filter(state=RoundState.OPEN).select_related("unit")
    if paths is None:
        return rounds
    ids = [r.pk for r in rounds if any(p.startswith(r.unit.path) for p in paths)]
    return rounds.filter(pk__in=ids).order_by("nominations_close_on", "id")


def member_honours(member: Member) -> list[Honour]:
    """The member's honours, newest first: their record."""
    return list(Honour.objects.filter(member=member).order_by("-awarded_at", "-id"))


def member_honour(member: Member, public_id: Any) -> Honour | None:
    return Honour.objects.filter(member=member, public_id=public_id).first()


def honour_by_code(code: str) -> Honour | None:
    return Honour.objects.filter(code=code.strip().upper()).first()


def round_honours(round_: HonourRound) -> list[Honour]:
    return list(Honour.objects.filter(round=round_).order_by("unit_name", "member_name"))


def unit_honour_counts(unit: OrgUnit) -> list[dict[str, Any]]:
    """For campaigns and analytics: per round covering the unit, how many of
    the unit's subtree were nominated and honoured. One query per round."""
    rows = []
    for round_ in HonourRound.objects.filter(
        state__in=(RoundState.OPEN, RoundState.CLOSED, RoundState.PUBLISHED)
    ).order_by("nominations_close_on", "id"):
        if not (unit.path.startswith(round_.unit.path) or round_.unit.path.startswith(unit.path)):
            continue
        nominations = Nomination.objects.filter(
            round=round_, member__unit_path__startswith=unit.path
        ).exclude(state=NominationState.DRAFT)
        rows.append(
            {
                "round_id": round_.pk,
                "title": round_.title,
                "theme": round_.theme,
                "nominated": nominations.count(),
                "honoured": nominations.filter(state=NominationState.AWARDED).count(),
            }
        )
    return rows


def public_board_context(page: HonourBoardPage) -> dict[str, Any]:
    """What the honour board shows: names, units and citations (published
    rounds only)."""
    round_ = HonourRound.objects.select_related("unit").get(pk=page.round_id)
    home = page.get_parent().specific
    nav = list(home.get_children().live().public().in_menu().order_by("path"))
    honours = round_honours(round_) if round_.state == RoundState.PUBLISHED else []
    return {"round": round_, "honours": honours, "site_home": home, "nav_sections": nav}


# -- for campaigns: the rounds tied to a campaign and what they conferred -------------

# Rounds that count for their campaign: approved at least, not cancelled.
CAMPAIGN_ROUND_STATES = (RoundState.OPEN, RoundState.CLOSED, RoundState.PUBLISHED)


def campaign_rounds(campaign_ref: uuid.UUID) -> QuerySet[HonourRound]:
    """The approved rounds tied to the campaign, earliest deadline first."""
    return (
        HonourRound.objects.filter(campaign_ref=campaign_ref, state__in=CAMPAIGN_ROUND_STATES)
        .select_related("unit")
        .order_by("nominations_close_on", "id")
    )


def campaign_nominations(campaign_ref: uuid.UUID) -> QuerySet[Nomination]:
    """Nominations sent (not drafts) in the campaign's rounds: the units that
    sent them take part in the campaign."""
    return Nomination.objects.filter(
        round__campaign_ref=campaign_ref, round__state__in=CAMPAIGN_ROUND_STATES
    ).exclude(state=NominationState.DRAFT)


def campaign_honours(campaign_ref: uuid.UUID) -> QuerySet[Honour]:
    """Honours conferred in the campaign's rounds (filter by
    `nomination__unit_path` for a reader's scope)."""
    return Honour.objects.filter(
        round__campaign_ref=campaign_ref, round__state__in=CAMPAIGN_ROUND_STATES
    )
