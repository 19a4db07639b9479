"""Composing, scheduling and managing posts and their deliveries.

Every platform's limits are checked when composing, so a post that a
platform would refuse is refused here with a Vietnamese message, not at send
time."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone

from lantoa.channels.adapters.base import ChannelError, Problem
from lantoa.channels.adapters.registry import adapter_for
from lantoa.channels.choices import (
    EDITABLE_STATUSES,
    ChannelAction,
    DeliveryStatus,
    PostSource,
    PostStatus,
)
from lantoa.channels.models import ChannelAccount, Delivery, Post, PostMedia
from lantoa.channels.services.credentials import account_view
from lantoa.channels.services.outbox import (
    delivery_render,
    delivery_sent_announce,
    enqueue_send,
    post_content,
)
from lantoa.core.actors import Actor, actor_user_id
from lantoa.core.audit import audit_record
from lantoa.core.crypto import SecretUnreadable
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.core.text import normalize_newlines
from lantoa.org.choices import Perm
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import user_can

MAX_UPLOAD_BYTES = 50 * 2**20
IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}
VIDEO_TYPES = {"video/mp4", "video/quicktime"}


class PostRejected(InvalidInput):
    code = "post_rejected"
    default_message = "Bài đăng không phù hợp với giới hạn của kênh."

    def __init__(self, problems: dict[str, list[str]]) -> None:
        lines = [f"{channel}: {msg}" for channel, msgs in problems.items() for msg in msgs]
        super().__init__("; ".join(lines))
        self.problems = problems


class PostNotApproved(PermissionDenied):
    code = "post_not_approved"
    default_message = (
        "Bài đăng cần được người duyệt của đơn vị duyệt trước khi đăng: hãy bấm «Gửi duyệt»."
    )


def _require(actor: Actor, unit: OrgUnit) -> None:
    if not user_can(actor, Perm.CONTENT_EDIT, unit):
        raise PermissionDenied()


def post_can_approve(user: Actor, post: Post) -> bool:
    """Whether `user` decides on `post`: an approver of its unit or above (a
    system actor sharing an approved article counts as one)."""
    return user_can(user, Perm.CONTENT_APPROVE, post.unit)


def post_mark_approved(*, actor: Actor, post: Post, comment: str = "") -> Post:
    """Record the approval of a post the caller has locked. The caller checked
    `post_can_approve`."""
    own = post.status != PostStatus.SUBMITTED
    post.status = PostStatus.APPROVED
    post.reviewed_by_id = actor_user_id(actor)
    post.reviewed_at = timezone.now()
    post.review_comment = comment.strip()
    post.save(
        update_fields=["status", "reviewed_by", "reviewed_at", "review_comment", "updated_at"]
    )
    audit_record(
        actor=actor,
        action=ChannelAction.POST_APPROVE,
        target=post,
        unit_path=post.unit.path,
        data={"without_submission": own, "comment": post.review_comment},
    )
    return post


def post_lock(post: Post) -> Post:
    return Post.objects.select_for_update(of=("self",)).select_related("unit").get(pk=post.pk)


def new_marker() -> str:
    return secrets.token_urlsafe(9)  # 12 characters, 72 random bits


@transaction.atomic
def post_create(
    *,
    actor: Actor,
    unit: OrgUnit,
    text: str,
    link: str = "",
    media: Sequence[UploadedFile[bytes]] = (),
    source: str = PostSource.MANUAL,
    source_object: models.Model | None = None,
) -> Post:
    """Store a post (not yet sent anywhere)."""
    _require(actor, unit)
    text = normalize_newlines(text).strip()
    if not text:
        raise InvalidInput("Nội dung bài đăng không được để trống.")
    post = Post.objects.create(
        unit=unit,
        text=text,
        link=link,
        source=source,
        source_type=ContentType.objects.get_for_model(source_object) if source_object else None,
        source_id=str(source_object.pk) if source_object else "",
        created_by_id=actor_user_id(actor),
    )
    for order, upload in enumerate(media):
        kind = _media_kind(upload)
        PostMedia.objects.create(post=post, kind=kind, file=upload, sort_order=order)
    audit_record(actor=actor, action=ChannelAction.POST_CREATE, target=post, unit_path=unit.path)
    return post


@transaction.atomic
def post_update(*, actor: Actor, post: Post, text: str, link: str = "") -> Post:
    """Change a post's text and link while it is a draft (no delivery yet).

    Once queued, each channel's copy is changed with `delivery_edit` instead,
    so what a channel already has or is about to send never shifts under it."""
    post = post_lock(post)
    _require(actor, post.unit)
    if post.deliveries.exists():
        raise InvalidInput(
            "Bài đã được xếp lịch gửi: hãy sửa nội dung riêng của từng kênh trong Hàng đợi."
        )
    text = normalize_newlines(text).strip()
    if not text:
        raise InvalidInput("Nội dung bài đăng không được để trống.")
    post.text = text
    post.link = link
    if post.status == PostStatus.APPROVED and not post_can_approve(actor, post):
        # What was approved is not what will be sent: it needs approving again.
        post.status = PostStatus.DRAFT
    post.save(update_fields=["text", "link", "status", "updated_at"])
    audit_record(
        actor=actor, action=ChannelAction.POST_UPDATE, target=post, unit_path=post.unit.path
    )
    return post


def _media_kind(upload: UploadedFile[bytes]) -> str:
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise InvalidInput(f"Tệp «{upload.name}» quá lớn (tối đa 50 MB).")
    content_type = (upload.content_type or "").lower()
    if content_type in IMAGE_TYPES:
        return PostMedia.Kind.IMAGE
    if content_type in VIDEO_TYPES:
        return PostMedia.Kind.VIDEO
    raise InvalidInput(f"Tệp «{upload.name}» không phải ảnh (JPEG, PNG, WebP, GIF) hay video MP4.")


CREDENTIALS_UNREADABLE = (
    "Không đọc được khoá truy cập đã lưu của kênh (khoá mã hoá đã đổi): hãy kết nối lại kênh."
)


def post_problems(post: Post, accounts: Iterable[ChannelAccount]) -> dict[str, list[str]]:
    """{channel name: Vietnamese problems} for the channels that would refuse the post.

    The one check behind the composer's preview, the API and the scheduler: each
    adapter's `validate`, given the channel (its settings decide, e.g., a Zalo
    article's cover). Each problem is an adapter `Problem`: its stable `code`
    goes out with the API's `post_rejected`."""
    content = post_content(post)
    problems: dict[str, list[str]] = {}
    for account in accounts:
        try:
            view = account_view(account)
        except SecretUnreadable:
            problems[str(account)] = [Problem("credentials_unreadable", CREDENTIALS_UNREADABLE)]
            continue
        messages = adapter_for(account.platform).validate(content, view)
        if messages:
            problems[str(account)] = messages
    return problems


def post_preview(post: Post, account: ChannelAccount) -> str:
    """The text exactly as this channel will receive it (marker included)."""
    adapter = adapter_for(account.platform)
    return adapter.render(post_content(post), marker="xem-truoc").text


@transaction.atomic
def post_schedule(
    *,
    actor: Actor,
    post: Post,
    accounts: Sequence[ChannelAccount],
    at: datetime | None = None,
) -> list[Delivery]:
    """Create one delivery per channel (idempotent per channel) and queue them.

    Only an approved post goes out: an approver of the post's unit (or a
    system actor) scheduling a post that is not yet approved approves it in
    the same step; anyone else is refused (`PostNotApproved`) and submits it
    instead (`post_submit`). `at` in the future schedules; otherwise they go
    out now. Locks the post; enqueues after commit."""
    _require(actor, post.unit)
    post = post_lock(post)
    if post.status != PostStatus.APPROVED and not post_can_approve(actor, post):
        raise PostNotApproved()
    post_check_accounts(actor, post, accounts)
    if post.status != PostStatus.APPROVED:
        post_mark_approved(actor=actor, post=post)
    now = timezone.now()
    future = at is not None and at > now
    # One query for the channels that already have their delivery, then the
    # new ones in batches: a post fanned out to 100,000 channels is scheduled
    # in seconds (the post is locked, so nobody creates them meanwhile).
    existing = {d.account_id: d for d in Delivery.objects.filter(post=post)}
    new = [
        Delivery(
            post=post,
            account=account,
            status=DeliveryStatus.SCHEDULED if future else DeliveryStatus.QUEUED,
            scheduled_at=at if future else None,
            next_attempt_at=at if future else now,
            marker=new_marker(),
        )
        for account in dict.fromkeys(accounts)
        if account.pk not in existing
    ]
    for delivery in Delivery.objects.bulk_create(new, batch_size=2000):
        enqueue_send(delivery.pk, at if future else None)
        existing[delivery.account_id] = delivery
    deliveries = [existing[account.pk] for account in accounts]
    audit_record(
        actor=actor,
        action=ChannelAction.POST_SCHEDULE,
        target=post,
        unit_path=post.unit.path,
        data={"channels": [a.pk for a in accounts], "at": at.isoformat() if at else None},
    )
    return deliveries


def post_check_accounts(user: Actor, post: Post, accounts: Sequence[ChannelAccount]) -> None:
    """The channels may carry the post (its unit's subtree or ancestors, in the
    user's scope) and none would refuse it (`PostRejected`)."""
    for account in accounts:
        if not post.unit.path.startswith(account.unit.path) and not account.unit.path.startswith(
            post.unit.path
        ):
            raise PermissionDenied("Kênh không thuộc đơn vị của bài đăng.")
        _require(user, account.unit)
    problems = post_problems(post, accounts)
    if problems:
        raise PostRejected(problems)


def _locked(delivery: Delivery) -> Delivery:
    return (
        Delivery.objects.select_for_update(of=("self",))
        .select_related("account", "post__unit")
        .get(pk=delivery.pk)
    )


def _change_state(
    actor: Actor, delivery: Delivery, action: str, data: dict[str, Any] | None = None
) -> None:
    audit_record(
        actor=actor, action=action, target=delivery, unit_path=delivery.post.unit.path, data=data
    )


@transaction.atomic
def delivery_cancel(*, actor: Actor, delivery: Delivery) -> Delivery:
    delivery = _locked(delivery)
    _require(actor, delivery.account.unit)
    if delivery.status not in EDITABLE_STATUSES:
        raise InvalidInput("Chỉ huỷ được bài chưa gửi.")
    delivery.status = DeliveryStatus.CANCELLED
    delivery.next_attempt_at = None
    delivery.save(update_fields=["status", "next_attempt_at", "updated_at"])
    _change_state(actor, delivery, ChannelAction.DELIVERY_CANCEL)
    return delivery


@transaction.atomic
def delivery_edit(
    *, actor: Actor, delivery: Delivery, text: str | None = None, at: datetime | None = None
) -> Delivery:
    """Change the text for this channel or the time, before it is sent. The
    text was approved: only an approver of the post's unit changes it."""
    delivery = _locked(delivery)
    _require(actor, delivery.account.unit)
    if delivery.status not in EDITABLE_STATUSES:
        raise InvalidInput("Chỉ sửa được bài chưa gửi.")
    current = delivery.text_override or delivery.post.text
    if text is not None:
        text = normalize_newlines(text)
    changes_text = text is not None and text.strip() != normalize_newlines(current).strip()
    if changes_text and not post_can_approve(actor, delivery.post):
        raise PermissionDenied(
            "Nội dung đã được duyệt: chỉ người duyệt của đơn vị sửa được nội dung lượt gửi."
        )
    if text is not None:
        delivery.text_override = text.strip()
        rendered = delivery_render(delivery)
        limit = adapter_for(delivery.account.platform).limits.max_text
        if len(rendered.text) > limit:
            raise InvalidInput(
                f"Nội dung dài {len(rendered.text)} ký tự, vượt giới hạn {limit} ký tự."
            )
    if at is not None:
        future = at > timezone.now()
        delivery.scheduled_at = at if future else None
        delivery.next_attempt_at = at
        delivery.status = DeliveryStatus.SCHEDULED if future else DeliveryStatus.QUEUED
        enqueue_send(delivery.pk, at if future else None)
    delivery.save(
        update_fields=["text_override", "scheduled_at", "next_attempt_at", "status", "updated_at"]
    )
    _change_state(actor, delivery, ChannelAction.DELIVERY_EDIT)
    return delivery


@transaction.atomic
def delivery_retry(*, actor: Actor, delivery: Delivery) -> Delivery:
    """One-click retry of a dead letter (failed delivery)."""
    delivery = _locked(delivery)
    _require(actor, delivery.account.unit)
    if delivery.status != DeliveryStatus.FAILED:
        raise InvalidInput("Chỉ gửi lại được bài đã thất bại.")
    delivery.status = DeliveryStatus.QUEUED
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["status", "next_attempt_at", "updated_at"])
    enqueue_send(delivery.pk)
    _change_state(actor, delivery, ChannelAction.DELIVERY_RETRY)
    return delivery


@transaction.atomic
def delivery_resolve_uncertain(
    *, actor: Actor, delivery: Delivery, was_posted: bool, external_url: str = ""
) -> Delivery:
    """A person checked the channel: "it was posted" or "send it again"."""
    delivery = _locked(delivery)
    _require(actor, delivery.account.unit)
    if delivery.status != DeliveryStatus.UNCERTAIN:
        raise InvalidInput("Lượt gửi này không ở trạng thái chưa rõ kết quả.")
    if was_posted:
        delivery.status = DeliveryStatus.SENT
        delivery.external_url = external_url
        delivery.sent_at = timezone.now()
        delivery_sent_announce(delivery)
    else:
        delivery.status = DeliveryStatus.QUEUED
        delivery.next_attempt_at = timezone.now()
        enqueue_send(delivery.pk)
    delivery.save(
        update_fields=["status", "external_url", "sent_at", "next_attempt_at", "updated_at"]
    )
    _change_state(actor, delivery, ChannelAction.DELIVERY_RESOLVE, {"was_posted": was_posted})
    return delivery


@transaction.atomic
def delivery_delete_remote(*, actor: Actor, delivery: Delivery) -> Delivery:
    """Remove a sent post from the platform."""
    delivery = _locked(delivery)
    _require(actor, delivery.account.unit)
    if delivery.status != DeliveryStatus.SENT or not delivery.external_id:
        raise InvalidInput("Chỉ gỡ được bài đã đăng.")
    adapter = adapter_for(delivery.account.platform)
    if not adapter.limits.can_delete:
        raise InvalidInput("Nền tảng này không cho phép gỡ bài qua API.")
    try:
        adapter.delete(account_view(delivery.account), delivery.external_id)
    except ChannelError as exc:
        raise InvalidInput(f"Nền tảng không gỡ được bài: {exc.message}") from exc
    delivery.status = DeliveryStatus.DELETED
    delivery.save(update_fields=["status", "updated_at"])
    _change_state(actor, delivery, ChannelAction.DELIVERY_DELETE)
    return delivery
