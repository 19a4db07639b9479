"""Pulling figures from the platforms into time-stamped snapshots.

Every LANTOA_METRICS_INTERVAL_SECONDS each active social channel is read once:
its followers (Facebook `followers_count`, Zalo `num_follower`, Viber
`subscribers_count`, Telegram member count) and the figures of its posts sent in
the last LANTOA_METRICS_POST_DAYS (Facebook: reactions, comments, shares and
`post_total_media_view_unique`; Zalo articles: views and shares; Viber and
Telegram offer none per post). Snapshots are appended, never updated: the
newest is the current figure, the older ones show growth. Each pull that
stored something announces `channels.metrics_pulled` in the same transaction.

A token the platform refuses marks the channel broken and tells its officers,
exactly as a refused send does; its deliveries stay queued, not dropped.

The pull is also each channel's refresh: a Telegram channel connected before
Lantoa gave webhooks a secret gets one then (`account_webhook_secret_ensure`).
"""

import logging
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lantoa.channels.actors import WEBHOOK_SECRET
from lantoa.channels.adapters.base import AccountInfo, ChannelError, ErrorKind, PostMetrics
from lantoa.channels.adapters.registry import adapter_for
from lantoa.channels.choices import SOCIAL_PLATFORMS, AccountState, ChannelAction, DeliveryStatus
from lantoa.channels.events import METRICS_PULLED
from lantoa.channels.models import ChannelAccount, Delivery, MetricSnapshot, Post
from lantoa.channels.services.credentials import account_mark_broken, account_view
from lantoa.channels.services.inbound import account_webhook_secret_ensure
from lantoa.core import events
from lantoa.core.actors import Actor
from lantoa.core.audit import audit_record
from lantoa.core.db import enqueue_together
from lantoa.core.exceptions import PermissionDenied
from lantoa.org.choices import Perm
from lantoa.org.scoping import user_can

logger = logging.getLogger(__name__)


def _broken(account: ChannelAccount, exc: ChannelError) -> None:
    from lantoa.channels import tasks  # tasks call services; import late

    with transaction.atomic():
        account_mark_broken(account_id=account.pk, message=exc.message)
        transaction.on_commit(
            partial(tasks.account_broken_notify_task.enqueue, account_id=account.pk)
        )
    logger.warning("metrics: channel %s refused its token: %s", account.pk, exc.code)


def metrics_pull_account(*, account_id: int) -> int:
    """Read one channel's figures; returns how many snapshots were stored."""
    account = ChannelAccount.objects.filter(
        pk=account_id, state=AccountState.ACTIVE, platform__in=SOCIAL_PLATFORMS
    ).first()
    if account is None:
        return 0
    adapter = adapter_for(account.platform)
    # The channel's refresh: one connected before webhooks needed a secret gets it now.
    account_webhook_secret_ensure(actor=WEBHOOK_SECRET, account=account)
    view = account_view(account)
    now = timezone.now()
    since = now - timedelta(days=settings.LANTOA_METRICS_POST_DAYS)
    deliveries = {
        d.external_id: d
        for d in Delivery.objects.filter(
            account=account, status=DeliveryStatus.SENT, sent_at__gte=since
        ).exclude(external_id="")
    }
    info: AccountInfo | None = None
    figures: list[PostMetrics] = []
    try:
        info = adapter.fetch_account(view)
        if deliveries:
            figures = adapter.fetch_metrics(view, list(deliveries))
    except ChannelError as exc:
        if exc.kind is ErrorKind.AUTH:
            _broken(account, exc)
            return 0
        # A throttle or an outage: keep what was read, try again at the next round.
        logger.info("metrics: channel %s not read now (%s): %s", account.pk, exc.code, exc.message)
    return _store(account, info, figures, deliveries, now)


@transaction.atomic
def _store(
    account: ChannelAccount,
    info: AccountInfo | None,
    figures: list[PostMetrics],
    deliveries: dict[str, Delivery],
    now: datetime,
) -> int:
    snapshots = []
    if info is not None and info.followers is not None:
        snapshots.append(
            MetricSnapshot(
                account=account, taken_at=now, followers=info.followers, raw=asdict(info)
            )
        )
        ChannelAccount.objects.filter(pk=account.pk).update(followers=info.followers)
    for item in figures:
        delivery = deliveries.get(item.external_id)
        if delivery is None:
            continue
        snapshots.append(
            MetricSnapshot(
                account=account,
                delivery=delivery,
                taken_at=now,
                reach=item.reach,
                reactions=item.reactions,
                comments=item.comments,
                shares=item.shares,
                raw=asdict(item),
            )
        )
    MetricSnapshot.objects.bulk_create(snapshots)
    if snapshots:
        events.announce(
            METRICS_PULLED,
            account_id=account.pk,
            unit_id=account.unit_id,
            delivery_ids=sorted({s.delivery_id for s in snapshots if s.delivery_id is not None}),
            followers=any(s.delivery_id is None for s in snapshots),
            taken_at=now.isoformat(),
        )
    return len(snapshots)


def metrics_pull_soon(account_id: int, *, delay_seconds: float) -> None:
    """Read the channel's figures `delay_seconds` from now (after commit): a
    post just sent gets its first figures without waiting for the periodic round."""
    metrics_pull_soon_many([account_id], delay_seconds=delay_seconds)


def metrics_pull_soon_many(account_ids: Sequence[int], *, delay_seconds: float) -> None:
    """`metrics_pull_soon` for several channels, enqueued together after commit."""
    from lantoa.channels import tasks

    def _enqueue() -> None:
        task = tasks.account_metrics_pull_task
        if delay_seconds > 0 and task.get_backend().supports_defer:
            task = task.using(run_after=timezone.now() + timedelta(seconds=delay_seconds))
        enqueue_together([(task, {"account_id": account_id}) for account_id in account_ids])

    if account_ids:
        transaction.on_commit(_enqueue, robust=True)  # a first pull missed waits for the round


def post_metrics_refresh(*, actor: Actor, post: Post) -> int:
    """ "Cập nhật số liệu": read now the figures of the channels `post` went out
    on (its sent deliveries'), each at most once a minute whoever asks.
    `Perm.CONTENT_EDIT` at the post's unit. Enqueued after commit; audited.
    Returns how many channels are read."""
    from django.core.cache import cache

    from lantoa.channels import tasks

    if not user_can(actor, Perm.CONTENT_EDIT, post.unit):
        raise PermissionDenied()
    account_ids = sorted(
        set(
            Delivery.objects.filter(
                post=post, status=DeliveryStatus.SENT, account__platform__in=SOCIAL_PLATFORMS
            )
            .exclude(external_id="")
            .values_list("account_id", flat=True)
        )
    )
    due = [
        pk
        for pk in account_ids
        if cache.add(f"metrics-refresh:{pk}", 1, settings.LANTOA_METRICS_REFRESH_MIN_SECONDS)
    ]
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=ChannelAction.POST_METRICS_REFRESH,
            target=post,
            unit_path=post.unit.path,
            data={"channels": due, "skipped": sorted(set(account_ids) - set(due))},
        )
        for pk in due:
            transaction.on_commit(partial(tasks.account_metrics_pull_task.enqueue, account_id=pk))
    return len(due)


def metrics_pull_all() -> int:
    """Queue one pull per active social channel (run periodically). Returns the count."""
    from lantoa.channels import tasks

    ids = list(
        ChannelAccount.objects.filter(
            state=AccountState.ACTIVE, platform__in=SOCIAL_PLATFORMS
        ).values_list("pk", flat=True)
    )
    for account_id in ids:
        tasks.account_metrics_pull_task.enqueue(account_id=account_id)
    return len(ids)
