"""One post sent through the outbox in a test, and what a refused send must
leave behind (the adapters' tests share them: each platform answers in its own
words, the outbox decides the same way)."""

import datetime as dt

from django.utils import timezone

from lantoa.channels.choices import AccountState, AttemptOutcome, DeliveryStatus
from lantoa.channels.events import POST_DELIVERED
from lantoa.channels.models import ChannelAccount, Delivery
from lantoa.channels.services import outbox, posts
from lantoa.core.models import EventDelivery

# What a platform's refusal must do to the delivery and its channel.
RETRY, FAIL, BROKEN = "retry", "fail", "broken"


def send_now(delivery):
    """Send `delivery` now (whatever time it was due) and read it back."""
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    outbox.delivery_send(delivery_id=delivery.pk)
    return Delivery.objects.get(pk=delivery.pk)


def schedule(officer, unit, account, *, text, link="", media=(), at=None):
    """A post of `unit` scheduled on `account` alone: its one delivery."""
    post = posts.post_create(actor=officer, unit=unit, text=text, link=link, media=list(media))
    (delivery,) = posts.post_schedule(actor=officer, post=post, accounts=[account], at=at)
    return delivery


def assert_refused(delivery, account, expected, *, code, before, min_wait=0, error=""):
    """The one attempt of `delivery` was refused with `code`: retried later
    (`RETRY`, not before `min_wait` seconds), paused with its broken channel
    (`BROKEN`) or failed for good with `error` in its message (`FAIL`).
    Returns the channel as stored."""
    attempt = delivery.attempts.get()
    assert attempt.error_code == code
    account = ChannelAccount.objects.get(pk=account.pk)
    if expected == RETRY:
        assert (attempt.outcome, delivery.status) == (
            AttemptOutcome.TRANSIENT,
            DeliveryStatus.RETRYING,
        )
        assert delivery.next_attempt_at >= before + dt.timedelta(seconds=min_wait)
        assert account.state == AccountState.ACTIVE
    elif expected == BROKEN:
        # Paused with its channel, not dropped.
        assert (attempt.outcome, delivery.status) == (AttemptOutcome.AUTH, DeliveryStatus.QUEUED)
        assert account.state == AccountState.BROKEN
    else:
        assert expected == FAIL
        assert (attempt.outcome, delivery.status) == (
            AttemptOutcome.PERMANENT,
            DeliveryStatus.FAILED,
        )
        assert error in delivery.last_error
    return account


def send_callbacks_expected() -> int:
    """The on-commit callbacks of one post sent on one channel: the send, the
    subscribers of `post_delivered` (enqueued together), the first read of its
    figures, and one per subscriber of each other event announced."""
    assert EventDelivery.objects.filter(event__name=POST_DELIVERED.name).exists()
    return 3 + EventDelivery.objects.exclude(event__name=POST_DELIVERED.name).count()
