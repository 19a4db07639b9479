"""Composing, scheduling and managing posts and their deliveries.

Every platform's limits are checked when composing, so a post that a
platform would refuse is refused here with a Vietnamese message, not at send
time."""

import secrets
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone

from lantoa.channels.adapters.base import ChannelError
from lantoa.channels.adapters.registry import adapter_for
from lantoa.channels.choices import EDITABLE_STATUSES, DeliveryStatus, PostSource
from lantoa.channels.models import ChannelAccount, Delivery, Post, PostMedia
from lantoa.channels.services.credentials import account_view
from lantoa.channels.services.outbox import delivery_render, enqueue_send, post_content
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.org.choices import Perm
from lantoa.org.models import OrgUnit
from lantoa.org.scoping import user_can

AnyUser = AbstractBaseUser | AnonymousUser

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


def _require(actor: AnyUser, unit: OrgUnit) -> None:
    if not user_can(actor, Perm.CONTENT_EDIT, unit):
        raise PermissionDenied()


def new_marker() -> str:
    return secrets.token_urlsafe(9)  # 12 characters, 72 random bits


@transaction.atomic
def post_create(
    *,
    actor: AnyUser | None,
    unit: OrgUnit,
    text: str,
    link: str = "",
    media: Sequence[UploadedFile] = (),
    source: str = PostSource.MANUAL,
    source_object: models.Model | None = None,
) -> Post:
    """Store a post (not yet sent anywhere). `actor=None` is the system (auto-posting)."""
    if actor is not None:
        _require(actor, unit)
    if not text.strip():
        raise InvalidInput("Nội dung bài đăng không được để trống.")
    post = Post.objects.create(
        unit=unit,
        text=text.strip(),
        link=link,
        source=source,
        source_type=ContentType.objects.get_for_model(source_object) if source_object else None,
        source_id=str(source_object.pk) if source_object else "",
        created_by_id=actor.pk if actor is not None and actor.is_authenticated else None,
    )
    for order, upload in enumerate(media):
        kind = _media_kind(upload)
        PostMedia.objects.create(post=post, kind=kind, file=upload, sort_order=order)
    audit_record(actor=actor, action="channels.post_create", target=post, unit_path=unit.path)
    return post


@transaction.atomic
def post_update(*, actor: AnyUser, post: Post, text: str, link: str = "") -> Post:
    """Change a post's text and link while it is a draft (no delivery yet).

    Once queued, each channel's copy is changed with `delivery_edit` instead,
    so what a channel already has or is about to send never shifts under it."""
    post = Post.objects.select_for_update(of=("self",)).select_related("unit").get(pk=post.pk)
    _require(actor, post.unit)
    if post.deliveries.exists():
        raise InvalidInput(
            "Bài đã được xếp lịch gửi: hãy sửa nội dung riêng của từng kênh trong Hàng đợi."
        )
    if not text.strip():
        raise InvalidInput("Nội dung bài đăng không được để trống.")
    post.text = text.strip()
    post.link = link
    post.save(update_fields=["text", "link", "updated_at"])
    audit_record(actor=actor, action="channels.post_update", target=post, unit_path=post.unit.path)
    return post


def _media_kind(upload: UploadedFile) -> str:
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise InvalidInput(f"Tệp «{upload.name}» quá lớn (tối đa 50 MB).")
    content_type = (upload.content_type or "").lower()
    if content_type in IMAGE_TYPES:
        return PostMedia.Kind.IMAGE
    if content_type in VIDEO_TYPES:
        return PostMedia.Kind.VIDEO
    raise InvalidInput(f"Tệp «{upload.name}» không phải ảnh (JPEG, PNG, WebP, GIF) hay video MP4.")


def post_problems(post: Post, accounts: Iterable[ChannelAccount]) -> dict[str, list[str]]:
    """{channel name: Vietnamese problems} for the channels that would refuse the post."""
    content = post_content(post)
    problems: dict[str, list[str]] = {}
    for account in accounts:
        messages = adapter_for(account.platform).validate(content)
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
    actor: AnyUser | None,
    post: Post,
    accounts: Sequence[ChannelAccount],
    at: datetime | None = None,
) -> list[Delivery]:
    """Create one delivery per channel (idempotent per channel) and queue them.

    `at` in the future schedules; otherwise they go out now. Enqueues after commit."""
    if actor is not None:
        _require(actor, post.unit)
    for account in accounts:
        if not post.unit.path.startswith(account.unit.path) and not account.unit.path.startswith(
            post.unit.path
        ):
            raise PermissionDenied("Kênh không thuộc đơn vị của bài đăng.")
        if actor is not None:
            _require(actor, account.unit)
    problems = post_problems(post, accounts)
    if problems:
        raise PostRejected(problems)
    now = timezone.now()
    future = at is not None and at > now
    deliveries = []
    for account in accounts:
        delivery, created = Delivery.objects.get_or_create(
            post=post,
            account=account,
            defaults={
                "status": DeliveryStatus.SCHEDULED if future else DeliveryStatus.QUEUED,
                "scheduled_at": at if future else None,
                "next_attempt_at": at if future else now,
                "marker": new_marker(),
            },
        )
        if created:
            enqueue_send(delivery.pk, at if future else None)
        deliveries.append(delivery)
    audit_record(
        actor=actor,
        action="channels.post_schedule",
        target=post,
        unit_path=post.unit.path,
        data={"channels": [a.pk for a in accounts], "at": at.isoformat() if at else None},
    )
    return deliveries


def _locked(delivery: Delivery) -> Delivery:
    return (
        Delivery.objects.select_for_update(of=("self",))
        .select_related("account", "post__unit")
        .get(pk=delivery.pk)
    )


def _change_state(
    actor: AnyUser, delivery: Delivery, action: str, data: dict[str, Any] | None = None
) -> None:
    audit_record(
        actor=actor, action=action, target=delivery, unit_path=delivery.post.unit.path, data=data
    )


@transaction.atomic
def delivery_cancel(*, actor: AnyUser, delivery: Delivery) -> Delivery:
    delivery = _locked(delivery)
    _require(actor, delivery.account.unit)
    if delivery.status not in EDITABLE_STATUSES:
        raise InvalidInput("Chỉ huỷ được bài chưa gửi.")
    delivery.status = DeliveryStatus.CANCELLED
    delivery.next_attempt_at = None
    delivery.save(update_fields=["status", "next_attempt_at", "updated_at"])
    _change_state(actor, delivery, "channels.delivery_cancel")
    return delivery


@transaction.atomic
def delivery_edit(
    *, actor: AnyUser, delivery: Delivery, text: str | None = None, at: datetime | None = None
) -> Delivery:
    """Change the text for this channel or the time, before it is sent."""
    delivery = _locked(delivery)
    _require(actor, delivery.account.unit)
    if delivery.status not in EDITABLE_STATUSES:
        raise InvalidInput("Chỉ sửa được bài chưa gửi.")
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
    _change_state(actor, delivery, "channels.delivery_edit")
    return delivery


@transaction.atomic
def delivery_retry(*, actor: AnyUser, delivery: Delivery) -> Delivery:
    """One-click retry of a dead letter (failed delivery)."""
    delivery = _locked(delivery)
    _require(actor, delivery.account.unit)
    if delivery.status != DeliveryStatus.FAILED:
        raise InvalidInput("Chỉ gửi lại được bài đã thất bại.")
    delivery.status = DeliveryStatus.QUEUED
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["status", "next_attempt_at", "updated_at"])
    enqueue_send(delivery.pk)
    _change_state(actor, delivery, "channels.delivery_retry")
    return delivery


@transaction.atomic
def delivery_resolve_uncertain(
    *, actor: AnyUser, delivery: Delivery, was_posted: bool, external_url: str = ""
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
    else:
        delivery.status = DeliveryStatus.QUEUED
        delivery.next_attempt_at = timezone.now()
        enqueue_send(delivery.pk)
    delivery.save(
        update_fields=["status", "external_url", "sent_at", "next_attempt_at", "updated_at"]
    )
    _change_state(actor, delivery, "channels.delivery_resolve", {"was_posted": was_posted})
    return delivery


@transaction.atomic
def delivery_delete_remote(*, actor: AnyUser, delivery: Delivery) -> Delivery:
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
    _change_state(actor, delivery, "channels.delivery_delete")
    return delivery
