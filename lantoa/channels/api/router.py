"""Channels endpoints: the caller's channels, posts (list; create and queue),
and the outbox (list, retry a dead letter, cancel before sending).

Each operation identifies the caller from the bearer token, reads through
`lantoa.channels.selectors_admin` (so only the caller's subtree exists: any
other id is 404) and changes things only through `lantoa.channels.services`,
which check the scope again and write the audit log. Credentials never appear:
the output schemas have no field for them.
"""

from datetime import datetime
from typing import Any
from uuid import UUID

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from lantoa.channels import selectors_admin
from lantoa.channels.api.schemas import (
    ChannelListIn,
    ChannelPageOut,
    DeliveryActionOut,
    DeliveryListIn,
    DeliveryPageOut,
    PostChangesIn,
    PostCreateIn,
    PostCreateOut,
    PostListIn,
    PostPageOut,
    PostRejectedOut,
    PostReviewIn,
    PostReviewOut,
)
from lantoa.channels.models import ChannelAccount, Delivery, Post
from lantoa.channels.services import posts, review
from lantoa.core.api.auth import api_caller
from lantoa.core.api.errors import DETAIL_ERRORS, ErrorOut
from lantoa.core.api.pagination import Page, PageIn, paginate_queryset
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import unit_in_scope

router = Router(tags=["channels"])

ACTION_ERRORS: dict[int, Any] = {**DETAIL_ERRORS, 403: ErrorOut}


@router.get(
    "/channels/",
    response={200: ChannelPageOut, **DETAIL_ERRORS},
    summary="Kênh truyền thông trong phạm vi",
)
def channel_list(
    request: HttpRequest, filters: Query[ChannelListIn], page: Query[PageIn]
) -> Page[ChannelAccount]:
    """The channels the caller manages, by unit. 404 when `unit` is not a unit
    whose channels the caller manages."""
    user = api_caller(request)
    unit = (
        unit_in_scope(user, selectors_admin.PERM, public_id=filters.unit) if filters.unit else None
    )
    queryset = selectors_admin.account_list(
        user, platform=filters.platform, state=filters.state, unit=unit
    )
    return paginate_queryset(queryset, page)


@router.get(
    "/posts/",
    response={200: PostPageOut, **DETAIL_ERRORS},
    summary="Bài đăng trong phạm vi, kèm các lượt gửi",
)
def post_list(request: HttpRequest, filters: Query[PostListIn], page: Query[PageIn]) -> Page[Post]:
    user = api_caller(request)
    unit = (
        unit_in_scope(user, selectors_admin.PERM, public_id=filters.unit) if filters.unit else None
    )
    queryset = selectors_admin.post_list(
        user, unit=unit, source=filters.source, status=filters.status
    )
    return paginate_queryset(queryset, page)


class _Refused(Exception):
    def __init__(self, refused: list[tuple[ChannelAccount, list[str]]]) -> None:
        super().__init__("post refused")
        self.refused = refused


def _in_unit_zone(at: datetime | None, unit: OrgUnit) -> datetime | None:
    """A time without an offset is the unit's wall-clock time."""
    if at is not None and timezone.is_naive(at):
        return at.replace(tzinfo=selectors_admin.unit_zone(unit))
    return at


@router.post(
    "/posts/",
    response={201: PostCreateOut, 400: PostRejectedOut, **ACTION_ERRORS},
    summary="Tạo bài đăng: người duyệt thì xếp lịch gửi, người soạn thì gửi duyệt",
)
def post_create(request: HttpRequest, payload: PostCreateIn) -> Status[Any]:
    """The same rules as the admin: a post reaches channels only once an
    approver of its unit approved it. When the caller is an approver of the
    unit, the post is approved and one delivery per channel is queued, now or
    at `scheduled_at` (`status` = `approved`). Otherwise the post is submitted
    for approval with those channels and that time (`status` = `submitted`,
    no deliveries yet); the unit's approvers are told by e-mail and approve it
    with `POST /posts/{id}/approve`.

    Every channel's limits are checked first: if any channel would refuse the
    post, nothing is created and the answer is 400 `post_rejected` with each
    channel's reasons."""
    user = api_caller(request)
    unit = unit_in_scope(user, selectors_admin.PERM, public_id=payload.unit)
    chosen = selectors_admin.accounts_by_public_ids(user=user, public_ids=payload.channels)
    try:
        with transaction.atomic():
            post = posts.post_create(actor=user, unit=unit, text=payload.text, link=payload.link)
            refused = selectors_admin.problems_by_account(post, chosen)
            if refused:
                raise _Refused(refused)  # rolls the post back
            at = _in_unit_zone(payload.scheduled_at, unit)
            if posts.post_can_approve(user, post):
                deliveries = posts.post_schedule(actor=user, post=post, accounts=chosen, at=at)
            else:
                review.post_submit(actor=user, post=post, accounts=chosen, at=at)
                deliveries = []
            post.refresh_from_db(fields=["status"])
    except _Refused as exc:
        return Status(
            400,
            {
                "code": posts.PostRejected.code,
                "message": posts.PostRejected.default_message,
                "problems": [
                    {
                        "channel_id": a.public_id,
                        "channel": str(a),
                        "messages": messages,
                        "codes": [getattr(m, "code", "invalid") for m in messages],
                    }
                    for a, messages in exc.refused
                ],
            },
        )
    return Status(
        201,
        {
            "public_id": post.public_id,
            "unit_id": unit.public_id,
            "status": post.status,
            "text": post.text,
            "link": post.link,
            "deliveries": deliveries,
        },
    )


def _post(request: HttpRequest, public_id: UUID) -> tuple[Any, Post]:
    user = api_caller(request)
    return user, selectors_admin.post_get(user=user, public_id=public_id)


@router.post(
    "/posts/{public_id}/approve",
    response={200: PostReviewOut, **ACTION_ERRORS},
    summary="Duyệt một bài đăng đang chờ duyệt (và xếp lịch gửi như đề nghị)",
    description="Người duyệt của đơn vị (hoặc cấp trên). Bài không ở trạng thái "
    "`submitted`: 422 `invalid_input`; không có quyền duyệt: 403.",
)
def post_approve(request: HttpRequest, public_id: UUID, payload: PostReviewIn) -> Post:
    user, post = _post(request, public_id)
    approved, _deliveries = review.post_approve(actor=user, post=post, comment=payload.comment)
    return approved


@router.post(
    "/posts/{public_id}/request-changes",
    response={200: PostReviewOut, **ACTION_ERRORS},
    summary="Trả một bài đăng đang chờ duyệt về cho người soạn kèm ý kiến",
    description="Người duyệt của đơn vị (hoặc cấp trên); `comment` bắt buộc.",
)
def post_request_changes(request: HttpRequest, public_id: UUID, payload: PostChangesIn) -> Post:
    user, post = _post(request, public_id)
    return review.post_request_changes(actor=user, post=post, comment=payload.comment)


@router.get(
    "/deliveries/",
    response={200: DeliveryPageOut, **DETAIL_ERRORS},
    summary="Hàng đợi: các lượt gửi trong phạm vi",
)
def delivery_list(
    request: HttpRequest, filters: Query[DeliveryListIn], page: Query[PageIn]
) -> Page[Delivery]:
    """Newest first. `status=failed` lists the dead letters, `status=uncertain`
    those waiting for a person to check the channel."""
    user = api_caller(request)
    account = (
        selectors_admin.account_get(user=user, public_id=filters.channel)
        if filters.channel
        else None
    )
    queryset = selectors_admin.delivery_list(user, status=filters.status, account=account)
    return paginate_queryset(queryset, page)


def _retry(request: HttpRequest, public_id: UUID) -> Delivery:
    user = api_caller(request)
    delivery = selectors_admin.delivery_get(user=user, public_id=public_id)
    return posts.delivery_retry(actor=user, delivery=delivery)


def _cancel(request: HttpRequest, public_id: UUID) -> Delivery:
    user = api_caller(request)
    delivery = selectors_admin.delivery_get(user=user, public_id=public_id)
    return posts.delivery_cancel(actor=user, delivery=delivery)


# With and without the trailing slash: POST requests are not redirected.
for suffix, in_schema in (("/", True), ("", False)):
    router.post(
        f"/deliveries/{{public_id}}/retry{suffix}",
        response={200: DeliveryActionOut, **ACTION_ERRORS},
        summary="Gửi lại một lượt gửi đã thất bại",
        description="Chỉ với lượt gửi ở trạng thái `failed`; khác đi: 422 `invalid_input`.",
        include_in_schema=in_schema,
        operation_id=f"delivery_retry{'' if in_schema else '_no_slash'}",
    )(_retry)
    router.post(
        f"/deliveries/{{public_id}}/cancel{suffix}",
        response={200: DeliveryActionOut, **ACTION_ERRORS},
        summary="Huỷ một lượt gửi chưa gửi",
        description="Chỉ trước khi gửi (đã hẹn giờ, chờ gửi, chờ thử lại); khác đi: 422.",
        include_in_schema=in_schema,
        operation_id=f"delivery_cancel{'' if in_schema else '_no_slash'}",
    )(_cancel)
