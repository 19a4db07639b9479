"""Listening endpoints: opinions of the caller's subtree with their analysis
(list, one, correct a label), trends of a unit with the minimum reporting
size, and alerts.

Each operation identifies the caller from the bearer token, reads through
`listening.selectors` / `listening.selectors_admin` (an opinion, unit or alert
outside the caller's subtree is 404) and writes only through services, which
check the scope again and write the audit log."""

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from lantoa.core.api.auth import api_caller
from lantoa.core.api.errors import DETAIL_ERRORS, ErrorOut
from lantoa.core.api.pagination import Page, PageIn, paginate_queryset
from lantoa.core.exceptions import InvalidInput, NotFound
from lantoa.listening.api.schemas import (
    AlertListIn,
    AlertPageOut,
    LabelCorrectionIn,
    LabelCorrectionOut,
    OpinionDetailOut,
    OpinionListIn,
    OpinionPageOut,
    TrendsIn,
    TrendsOut,
)
from lantoa.listening.models import Alert, Opinion
from lantoa.listening.selectors import (
    OpinionFilters,
    child_summaries,
    opinion_list_for,
    sentiment_trend,
)
from lantoa.listening.selectors_admin import (
    PERM,
    alert_list_visible,
    default_unit_for,
    min_reporting_size,
    opinion_get_for,
    unit_overview,
)
from lantoa.listening.services.triage import opinion_correct_label
from lantoa.org.scoping import unit_in_scope

router = Router(tags=["listening"])

ACTION_ERRORS: dict[int, Any] = {**DETAIL_ERRORS, 403: ErrorOut}
DEFAULT_TREND_DAYS = 30
MAX_TREND_DAYS = 366


@router.get(
    "/opinions/",
    response={200: OpinionPageOut, **DETAIL_ERRORS},
    summary="Ý kiến trong phạm vi, kèm kết quả phân tích",
)
def opinion_list(
    request: HttpRequest, filters: Query[OpinionListIn], page: Query[PageIn]
) -> Page[Opinion]:
    """Newest first. `topic` matches without diacritics. 404 when `unit` is not a
    unit whose opinions the caller may read."""
    user = api_caller(request)
    unit = unit_in_scope(user, PERM, public_id=filters.unit) if filters.unit else None
    queryset = opinion_list_for(
        user,
        OpinionFilters(
            unit=unit,
            sentiment=filters.sentiment or "",
            toxicity=filters.toxicity or "",
            source=filters.source or "",
            status=filters.status or "",
            topic=filters.topic.strip(),
            since=filters.since,
            until=filters.until,
            hide_duplicates=filters.hide_duplicates,
        ),
    ).select_related("duplicate_of")
    return paginate_queryset(queryset, page)


@router.get(
    "/opinions/{public_id}/",
    response={200: OpinionDetailOut, **DETAIL_ERRORS},
    summary="Một ý kiến, kèm phân tích và các lần hiệu chỉnh nhãn",
)
def opinion_detail(request: HttpRequest, public_id: UUID) -> Opinion:
    return opinion_get_for(api_caller(request), public_id=public_id)


@router.post(
    "/opinions/{public_id}/labels",
    response={201: LabelCorrectionOut, **ACTION_ERRORS},
    summary="Hiệu chỉnh nhãn (lưu làm dữ liệu huấn luyện)",
)
def opinion_label_correct(
    request: HttpRequest, public_id: UUID, payload: LabelCorrectionIn
) -> Status[Any]:
    """Sets the label an officer judges right and keeps the model's beside it,
    as training data for the next model. 422 `invalid_input` for a label the
    task does not have."""
    user = api_caller(request)
    opinion = opinion_get_for(user, public_id=public_id)
    correction = opinion_correct_label(
        actor=user, opinion=opinion, task=payload.task, label=payload.label
    )
    return Status(201, correction)


def _period(params: TrendsIn) -> tuple[datetime, datetime]:
    # Both are aware: a time typed without an offset is local (core/api/fields.py).
    until = params.until or timezone.now()
    since = params.since or until - timedelta(days=DEFAULT_TREND_DAYS)
    if since >= until:
        raise InvalidInput("«since» phải trước «until».")
    if until - since > timedelta(days=MAX_TREND_DAYS):
        raise InvalidInput(f"Khoảng thời gian dài tối đa {MAX_TREND_DAYS} ngày.")
    return since, until


@router.get(
    "/listening/trends/",
    response={200: TrendsOut, **DETAIL_ERRORS},
    summary="Xu hướng ý kiến của một đơn vị (cả nhánh), theo ngày",
)
def trends(request: HttpRequest, params: Query[TrendsIn]) -> dict[str, Any]:
    """Daily volume and sentiment, totals, and one line per child unit. Every
    figure below `min_reporting_size` is null, so that a small group cannot be
    singled out."""
    user = api_caller(request)
    unit = (
        unit_in_scope(user, PERM, public_id=params.unit) if params.unit else default_unit_for(user)
    )
    if unit is None:
        raise NotFound("Bạn chưa phụ trách đơn vị nào.")
    since, until = _period(params)
    overview = unit_overview(unit, since, until)
    return {
        "unit": unit,
        "since": since,
        "until": until,
        "min_reporting_size": min_reporting_size(),
        "totals": overview,
        "points": [
            {
                "day": p.day,
                "total": p.total,
                "negative": p.negative,
                "positive": p.positive,
                "negative_share": p.negative_share,
            }
            for p in sentiment_trend(unit, since, until)
        ],
        "children": child_summaries(unit, since, until),
    }


@router.get(
    "/listening/alerts/",
    response={200: AlertPageOut, **DETAIL_ERRORS},
    summary="Cảnh báo trong phạm vi (gồm cảnh báo được báo lên)",
)
def alert_list(
    request: HttpRequest, filters: Query[AlertListIn], page: Query[PageIn]
) -> Page[Alert]:
    return paginate_queryset(
        alert_list_visible(api_caller(request), state=filters.state or ""), page
    )
