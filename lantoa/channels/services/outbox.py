"""The outbox: each Delivery reaches its platform once (docs/subsystems/channel-publishing.md).

Guarantees (../shared/design/OUTBOX.md):
- an attempt is recorded (committed) before the platform is called, and its
  outcome after; a delivery whose attempt is still open is never sent again
  by a worker;
- a delivery left "sending" by a dead worker is reconciled by its marker
  where the platform allows it, and otherwise shown as "uncertain" to people;
- transient errors retry with exponential backoff and jitter, honouring the
  platform's Retry-After; permanent errors fail with the platform's message;
  an invalid token marks the channel broken and pauses its deliveries.
"""

import logging
import os
import random
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from lantoa.channels.adapters.base import (
    Account,
    Adapter,
    ChannelError,
    ErrorKind,
    MediaItem,
    PostContent,
    PublishResult,
    RenderedPost,
)
from lantoa.channels.adapters.registry import adapter_for
from lantoa.channels.choices import (
    SENDABLE_STATUSES,
    SOCIAL_PLATFORMS,
    AccountState,
    AttemptOutcome,
    DeliveryStatus,
)
from lantoa.channels.events import POST_DELIVERED, post_delivered_key
from lantoa.channels.models import ChannelAccount, Delivery, DeliveryAttempt, Post
from lantoa.channels.services.credentials import account_mark_broken, account_view
from lantoa.core import events
from lantoa.core.actors import Actor, require_actor
from lantoa.core.text import normalize_newlines

logger = logging.getLogger(__name__)

BACKOFF_MAX_SECONDS = 3600.0
WORKER_ID = f"{socket.gethostname()}:{os.getpid()}"


def backoff_delay(attempt: int, retry_after: float | None = None) -> float:
    """Full-jitter exponential backoff, never sooner than the platform asked."""
    base = settings.LANTOA_CHANNEL_BACKOFF_SECONDS
    ceiling = min(BACKOFF_MAX_SECONDS, base * 2 ** max(0, attempt - 1))
    delay = random.uniform(ceiling / 2, ceiling)  # noqa: S311 - jitter, not security
    return max(delay, retry_after or 0.0)


def enqueue_send(delivery_id: int, run_after: datetime | None = None) -> None:
    """Queue a send after the current transaction commits."""
    from lantoa.channels import tasks  # tasks call services; import late to keep one direction

    if settings.LANTOA_OUTBOX_WORKERS:
        return  # `manage.py outbox_worker` processes claim due deliveries from the table

    def _enqueue() -> None:
        task = tasks.delivery_send_task
        deferred = run_after is not None and run_after > timezone.now()
        if deferred and task.get_backend().supports_defer:
            task = task.using(run_after=run_after)
        # Without defer support (the immediate backend in tests) the task runs
        # now, finds the delivery not yet due, and leaves it to the sweep.
        task.enqueue(delivery_id=delivery_id)

    transaction.on_commit(_enqueue)


def post_content(post: Post) -> PostContent:
    media = tuple(
        MediaItem(
            kind=m.kind,
            path=Path(m.file.path),
            name=Path(m.file.name or "").name,
            content_type="video/mp4" if m.kind == "video" else _image_type(m.file.name or ""),
            size=m.file.size if m.file.storage.exists(m.file.name or "") else 0,
            caption=m.caption,
        )
        for m in post.media.all()
    )
    return PostContent(text=normalize_newlines(post.text), link=post.link, media=media)


def _image_type(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return {".png": "image/png", ".webp": "image/webp", ".gif": "image/gif"}.get(
        suffix, "image/jpeg"
    )


def delivery_render(
    delivery: Delivery, adapter: Adapter | None = None, content: PostContent | None = None
) -> RenderedPost:
    adapter = adapter or adapter_for(delivery.account.platform)
    content = content or post_content(delivery.post)
    if delivery.text_override:
        content = PostContent(
            text=normalize_newlines(delivery.text_override), link=content.link, media=content.media
        )
    rendered = adapter.render(content, marker=delivery.marker)
    return RenderedPost(
        text=rendered.text,
        link=rendered.link,
        media=rendered.media,
        extra={**rendered.extra, "marker": delivery.marker},
    )


@dataclass(frozen=True)
class Sent:
    """A delivery the platform accepted, with its open attempt, to be recorded."""

    delivery: Delivery
    attempt: DeliveryAttempt
    result: PublishResult
    reconciled: bool = False


# -- sending ---------------------------------------------------------------


def _claim(delivery_id: int) -> tuple[Delivery, DeliveryAttempt] | None:
    """Lock the delivery and record the intent to send; None if not ours to send."""
    now = timezone.now()
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("account", "post")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None:
            return None
        if delivery.status == DeliveryStatus.SCHEDULED and (
            delivery.scheduled_at is None or delivery.scheduled_at <= now
        ):
            delivery.status = DeliveryStatus.QUEUED
        if delivery.status not in SENDABLE_STATUSES:
            return None
        if delivery.next_attempt_at and delivery.next_attempt_at > now:
            return None
        if delivery.account.state != AccountState.ACTIVE:
            return None  # paused with its channel; resumed when the channel is fixed
        (attempt,) = _open_attempts([delivery], now)
    return delivery, attempt


def _open_attempts(deliveries: list[Delivery], now: datetime) -> list[DeliveryAttempt]:
    """Mark locked, due `deliveries` as sending and record one open attempt each
    (inside the caller's transaction): from here on no worker sends them again."""
    for delivery in deliveries:
        delivery.attempt_count += 1
        delivery.status = DeliveryStatus.SENDING
        delivery.updated_at = now
    if len(deliveries) == 1:
        deliveries[0].save(update_fields=["status", "attempt_count", "updated_at"])
    else:
        # One plain UPDATE for the batch (the rows are locked by the caller):
        # the same status and time for all, each count one up.
        Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(
            status=DeliveryStatus.SENDING, attempt_count=F("attempt_count") + 1, updated_at=now
        )
    return DeliveryAttempt.objects.bulk_create(
        DeliveryAttempt(delivery=d, number=d.attempt_count, started_at=now, worker=WORKER_ID)
        for d in deliveries
    )


CLAIMABLE_STATUSES = (DeliveryStatus.QUEUED, DeliveryStatus.RETRYING, DeliveryStatus.SCHEDULED)


def deliveries_claim_due(*, limit: int) -> list[tuple[Delivery, DeliveryAttempt]]:
    """Claim up to `limit` due deliveries for this process in one transaction
    (the outbox workers' batch `_claim`): rows another worker holds are skipped
    (`SKIP LOCKED` on PostgreSQL; SQLite serialises writers and refuses the
    loser, which claims nothing). Each claimed delivery is "sending" with its
    open attempt committed before this returns; send it with
    `delivery_send_claimed`."""
    now = timezone.now()
    with transaction.atomic():
        due = list(
            Delivery.objects.select_for_update(of=("self",), skip_locked=True)
            .select_related("account", "post")
            .filter(
                status__in=CLAIMABLE_STATUSES,
                next_attempt_at__lte=now,
                account__state=AccountState.ACTIVE,
            )
            .exclude(scheduled_at__gt=now)
            .order_by("next_attempt_at", "pk")[:limit]
        )
        if not due:
            return []
        attempts = _open_attempts(due, now)
    return list(zip(due, attempts, strict=True))


def delivery_send(*, delivery_id: int) -> Delivery | None:
    """Send one delivery if it is due. Safe to call twice or concurrently:
    only the caller that records the attempt talks to the platform."""
    claimed = _claim(delivery_id)
    if claimed is None:
        return None
    delivery, attempt = claimed
    return delivery_send_claimed(delivery, attempt)


def delivery_send_claimed(
    delivery: Delivery,
    attempt: DeliveryAttempt,
    *,
    content: PostContent | None = None,
    before_call: Callable[[Adapter, Account], None] | None = None,
    db: Callable[[Callable[[], Any]], Any] | None = None,
    record_sent: Callable[[Sent], Delivery] | None = None,
) -> Delivery:
    """Talk to the platform for a delivery this process claimed (its attempt is
    open and committed) and record the outcome. `content` spares reading the
    same post again for each channel of a fan-out; `before_call` is where an
    outbox worker waits for the platform's rate limits; `db` runs each
    database step (an outbox worker runs them on its few connections and
    retries them while the database is away: once the platform has answered,
    its answer must not be lost); `record_sent` records an accepted call (an
    outbox worker batches them), else it is recorded on its own through `db`."""
    run = db or (lambda call: call())

    def sent(item: Sent) -> Delivery:
        if record_sent is not None:
            return record_sent(item)
        return run(partial(deliveries_record_sent, [item]))[0]  # type: ignore[no-any-return]

    adapter = adapter_for(delivery.account.platform)
    account = account_view(delivery.account)
    if before_call is not None:
        before_call(adapter, account)
    if (
        attempt.number > 1
        and adapter.limits.can_find_by_marker
        and run(partial(_previous_uncertain, delivery))
    ):
        # An earlier attempt may have landed: look before sending again.
        try:
            found = adapter.find_by_marker(account, delivery.marker)
        except ChannelError as exc:
            return run(partial(_record_failure, delivery, attempt, adapter, exc))
        if found is not None:
            return sent(Sent(delivery, attempt, found, reconciled=True))
    try:
        result = adapter.publish(account, delivery_render(delivery, adapter, content))
    except ChannelError as exc:
        return run(partial(_record_failure, delivery, attempt, adapter, exc))
    return sent(Sent(delivery, attempt, result))


def _previous_uncertain(delivery: Delivery) -> bool:
    return delivery.attempts.filter(
        outcome__in=[AttemptOutcome.UNCERTAIN, AttemptOutcome.NOT_FOUND]
    ).exists()


@transaction.atomic
def deliveries_record_sent(sent: Sequence[Sent]) -> list[Delivery]:
    """Record that the platform accepted each of `sent`, in one transaction and
    a few statements for the whole batch (an outbox worker's recorder): the
    attempts closed, the deliveries sent with their external ids, the channels'
    last success, one `post_delivered` event each and the first metrics pull
    of the social channels, enqueued together after commit."""
    if not sent:
        return []
    now = timezone.now()
    for reconciled, outcome in ((False, AttemptOutcome.SENT), (True, AttemptOutcome.RECONCILED)):
        attempts = [s.attempt for s in sent if s.reconciled is reconciled]
        for attempt in attempts:
            attempt.outcome = outcome
            attempt.finished_at = now
        if attempts:
            DeliveryAttempt.objects.filter(pk__in=[a.pk for a in attempts]).update(
                outcome=outcome, finished_at=now
            )
    deliveries = [s.delivery for s in sent]
    for item in sent:
        delivery = item.delivery
        delivery.status = DeliveryStatus.SENT
        delivery.external_id = item.result.external_id
        delivery.external_url = item.result.url
        delivery.sent_at = now
        delivery.next_attempt_at = None
        delivery.last_error = ""
        delivery.last_error_code = ""
        delivery.updated_at = now
    Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(
        status=DeliveryStatus.SENT,
        sent_at=now,
        next_attempt_at=None,
        last_error="",
        last_error_code="",
        updated_at=now,
    )
    Delivery.objects.bulk_update(deliveries, ["external_id", "external_url"])
    account_ids = sorted({d.account_id for d in deliveries})
    ChannelAccount.objects.filter(pk__in=account_ids).update(last_success_at=now)
    events.announce_many(POST_DELIVERED, [_delivered_fact(d) for d in deliveries])
    social = sorted({d.account_id for d in deliveries if d.account.platform in SOCIAL_PLATFORMS})
    if social:
        from lantoa.channels.services.metrics import metrics_pull_soon_many

        metrics_pull_soon_many(social, delay_seconds=settings.LANTOA_METRICS_FIRST_PULL_SECONDS)
    return deliveries


def _delivered_fact(delivery: Delivery) -> tuple[str, dict[str, Any]]:
    return post_delivered_key(delivery.pk), {
        "delivery_id": delivery.pk,
        "post_id": delivery.post_id,
        "account_id": delivery.account_id,
        "unit_id": delivery.account.unit_id,
    }


def delivery_sent_announce(delivery: Delivery) -> None:
    """Tell the apps above that `delivery` went out (inside the transaction
    that recorded it). Announced once per delivery."""
    key, payload = _delivered_fact(delivery)
    events.announce(POST_DELIVERED, key=key, **payload)


@transaction.atomic
def _record_failure(
    delivery: Delivery, attempt: DeliveryAttempt, adapter: Adapter, exc: ChannelError
) -> Delivery:
    now = timezone.now()
    attempt.finished_at = now
    attempt.http_status = exc.http_status
    attempt.error_code = exc.code[:64]
    attempt.error_message = exc.message
    attempt.retry_after_seconds = exc.retry_after
    delivery.last_error = exc.message
    delivery.last_error_code = exc.code[:64]
    max_attempts = settings.LANTOA_CHANNEL_MAX_ATTEMPTS

    if exc.kind is ErrorKind.TRANSIENT:
        attempt.outcome = AttemptOutcome.TRANSIENT
        if delivery.attempt_count >= max_attempts:
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = None
        else:
            delay = backoff_delay(delivery.attempt_count, exc.retry_after)
            delivery.status = DeliveryStatus.RETRYING
            delivery.next_attempt_at = now + timedelta(seconds=delay)
            enqueue_send(delivery.pk, delivery.next_attempt_at)
    elif exc.kind is ErrorKind.AUTH:
        attempt.outcome = AttemptOutcome.AUTH
        # The attempt was refused, so nothing was posted: the delivery waits
        # (queued) for its channel to be reconnected; it is not dropped.
        delivery.status = DeliveryStatus.QUEUED
        delivery.next_attempt_at = now
        account_mark_broken(account_id=delivery.account_id, message=exc.message)
        _notify_broken_after_commit(delivery.account_id)
    elif exc.kind is ErrorKind.UNCERTAIN:
        attempt.outcome = AttemptOutcome.UNCERTAIN
        _settle_uncertain(delivery, adapter, now)
    else:
        attempt.outcome = AttemptOutcome.PERMANENT
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
    attempt.save()
    delivery.save(
        update_fields=[
            "status", "next_attempt_at", "last_error", "last_error_code", "updated_at",
        ]
    )  # fmt: skip
    ChannelAccount.objects.filter(pk=delivery.account_id).update(
        last_error=exc.message, last_error_at=now
    )
    return delivery


def _settle_uncertain(delivery: Delivery, adapter: Adapter, now: datetime) -> None:
    """The platform may have the post. Reconcile later where it can tell us; else ask a person.

    After the attempt limit a person decides too: a platform that keeps
    failing the search must not keep a delivery retrying forever."""
    within_limit = delivery.attempt_count < settings.LANTOA_CHANNEL_MAX_ATTEMPTS
    if within_limit and reconcilable(adapter, delivery):
        delivery.status = DeliveryStatus.RETRYING
        delivery.next_attempt_at = now + timedelta(seconds=adapter_consistency_window(adapter))
        enqueue_send(delivery.pk, delivery.next_attempt_at)
    else:
        delivery.status = DeliveryStatus.UNCERTAIN
        delivery.next_attempt_at = None


def reconcilable(adapter: Adapter, delivery: Delivery) -> bool:
    """Can a search by marker tell whether this delivery landed? Only if the platform
    can be searched *and* the marker travels with this post (in its link or text): a
    Facebook post without a link carries no marker, and must not be resent blindly."""
    if not adapter.limits.can_find_by_marker:
        return False
    rendered = delivery_render(delivery, adapter)
    needle = f"lt={delivery.marker}"
    return needle in rendered.link or needle in rendered.text


def adapter_consistency_window(adapter: Adapter) -> float:
    return float(getattr(adapter, "consistency_window_seconds", 10.0))


def _notify_broken_after_commit(account_id: int) -> None:
    from lantoa.channels import tasks

    transaction.on_commit(partial(tasks.account_broken_notify_task.enqueue, account_id=account_id))


# -- recovery ----------------------------------------------------------------


def deliveries_recover_stale(*, older_than_seconds: float | None = None) -> int:
    """Settle deliveries left "sending" by a worker that died mid-call.

    Their open attempt becomes UNCERTAIN; platforms that can be searched by
    marker are reconciled on the next send, the others wait for a person.
    Returns how many deliveries were settled."""
    limit = older_than_seconds
    if limit is None:
        limit = settings.LANTOA_CHANNEL_STALE_SENDING_SECONDS
    cutoff = timezone.now() - timedelta(seconds=limit)
    settled = 0
    stale_ids = list(
        Delivery.objects.filter(status=DeliveryStatus.SENDING, updated_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    )
    for delivery_id in stale_ids:
        with transaction.atomic():
            delivery = (
                Delivery.objects.select_for_update(of=("self",))
                .select_related("account")
                .filter(pk=delivery_id, status=DeliveryStatus.SENDING)
                .first()
            )
            if delivery is None:
                continue
            now = timezone.now()
            DeliveryAttempt.objects.filter(
                delivery=delivery, outcome=AttemptOutcome.PENDING
            ).update(
                outcome=AttemptOutcome.UNCERTAIN,
                finished_at=now,
                error_message="Tiến trình gửi dừng đột ngột trước khi ghi nhận kết quả.",
            )
            adapter = adapter_for(delivery.account.platform)
            if reconcilable(adapter, delivery):
                delivery.status = DeliveryStatus.RETRYING
                delivery.next_attempt_at = now
                enqueue_send(delivery.pk)
            else:
                delivery.status = DeliveryStatus.UNCERTAIN
                delivery.next_attempt_at = None
            delivery.last_error = "Không rõ bài đã lên nền tảng hay chưa (tiến trình gửi bị dừng)."
            delivery.last_error_code = "worker_lost"
            delivery.save(
                update_fields=[
                    "status",
                    "next_attempt_at",
                    "last_error",
                    "last_error_code",
                    "updated_at",
                ]
            )
            settled += 1
    return settled


def deliveries_enqueue_due(*, grace_seconds: float = 30.0, limit: int = 5000) -> int:
    """Re-enqueue due deliveries whose own task should already have run (e.g. a
    lost task or a restarted worker). Duplicate tasks are harmless: `_claim`
    lets only one of them send."""
    cutoff = timezone.now() - timedelta(seconds=grace_seconds)
    due = list(
        Delivery.objects.filter(
            status__in=[DeliveryStatus.QUEUED, DeliveryStatus.RETRYING, DeliveryStatus.SCHEDULED],
            next_attempt_at__lte=cutoff,
            account__state=AccountState.ACTIVE,
        ).values_list("pk", flat=True)[:limit]
    )
    with transaction.atomic():
        for delivery_id in due:
            enqueue_send(delivery_id)
    return len(due)


REANNOUNCE_WINDOW = timedelta(days=1)
"""How far back the safety net looks for deliveries never announced."""


def deliveries_sent_reannounce(*, actor: Actor, window: timedelta = REANNOUNCE_WINDOW) -> int:
    """The safety net of `channels.post_delivered`: announce the deliveries
    sent within `window` that were never announced (marked sent by a path
    that does not announce, or before the event existed)."""
    require_actor(actor)
    since = timezone.now() - window
    sent = Delivery.objects.filter(
        status__in=[DeliveryStatus.SENT, DeliveryStatus.DELETED], sent_at__gte=since
    ).values_list("pk", "post_id", "account_id", "account__unit_id")
    return events.reannounce(
        POST_DELIVERED,
        {
            post_delivered_key(pk): {
                "delivery_id": pk,
                "post_id": post_id,
                "account_id": account_id,
                "unit_id": unit_id,
            }
            for pk, post_id, account_id, unit_id in sent.order_by("pk")
        },
    )


def deliveries_resume_for_account(*, account_id: int) -> int:
    """Queue again what waited for a reconnected channel."""
    now = timezone.now()
    ids = list(
        Delivery.objects.filter(
            account_id=account_id, status__in=[DeliveryStatus.QUEUED, DeliveryStatus.RETRYING]
        ).values_list("pk", flat=True)
    )
    Delivery.objects.filter(pk__in=ids).update(next_attempt_at=now)
    for delivery_id in ids:
        enqueue_send(delivery_id)
    return len(ids)
