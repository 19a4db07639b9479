"""Jury endpoints: the caller's open rounds, a round's photos as the caller
may judge them (blind: no author, unit or credit; none of the caller's own
unit) and the caller's score. The caller is the member behind the token;
anything they do not judge is 404. Writes go through
`lantoa.contests.services.jury`, which checks again and audits."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router

from lantoa.contests import selectors
from lantoa.contests.api.schemas import (
    JuryEntryListIn,
    JuryEntryOut,
    JuryRoundOut,
    ScoreIn,
    ScoreOut,
)
from lantoa.contests.services import jury
from lantoa.core.api.auth import api_caller
from lantoa.core.api.errors import DETAIL_ERRORS, ErrorOut
from lantoa.core.exceptions import NotFound
from lantoa.core.public_urls import absolute_url

router = Router(tags=["contests"])


@router.get(
    "/jury/rounds/",
    response={200: list[JuryRoundOut], **DETAIL_ERRORS},
    summary="Vòng chấm đang mở mà tôi là giám khảo",
)
def jury_round_list(request: HttpRequest) -> list[dict[str, Any]]:
    user = api_caller(request)
    return [
        {
            "public_id": jr.round.public_id,
            "contest_title": jr.round.contest.title,
            "number": jr.round.number,
            "title": jr.round.title,
            "blind": jr.round.blind,
            "score_max": jr.round.score_max,
            "entries": jr.entries,
            "scored": jr.scored,
        }
        for jr in selectors.jury_rounds_for(user)
    ]


@router.get(
    "/jury/entries/",
    response={200: list[JuryEntryOut], **DETAIL_ERRORS},
    summary="Ảnh của một vòng chấm, ẩn tác giả",
)
def jury_entry_list(request: HttpRequest, filters: Query[JuryEntryListIn]) -> list[dict[str, Any]]:
    user = api_caller(request)
    found = selectors.jury_round_for(user, filters.round)
    if found is None:
        raise NotFound("Không có vòng chấm này trong các vòng bạn chấm.")
    return [
        {
            "public_id": e.public_id,
            "title": e.title,
            "description": e.description,
            "location": e.location,
            "image_url": absolute_url(reverse("contests:image", args=[e.public_id])),
            "my_score": e.my_score,
            "my_note": e.my_note,
        }
        for e in selectors.blind_entries(found)
    ]


@router.post(
    "/jury/scores/",
    response={200: ScoreOut, **DETAIL_ERRORS, 403: ErrorOut},
    summary="Chấm điểm một ảnh",
)
def jury_score(request: HttpRequest, body: ScoreIn) -> dict[str, Any]:
    """Scores again replace the caller's earlier score while the round is open."""
    user = api_caller(request)
    found = selectors.jury_round_for(user, body.round)
    if found is None:
        raise NotFound("Không có vòng chấm này trong các vòng bạn chấm.")
    entry = selectors.jury_entry(found, body.entry)
    if entry is None:
        raise NotFound("Không có ảnh này trong các ảnh bạn được chấm.")
    saved = jury.score_submit(
        actor=user, round_=found.round, entry=entry, score=body.score, note=body.note
    )
    return {"entry": entry.public_id, "score": saved.score, "note": saved.note}
