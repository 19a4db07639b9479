"""Thin task wrappers: load by id, call one service (STYLE.md §7)."""

from django_tasks import task

from lantoa.channels.actors import INBOUND_SWEEP, OUTBOX_SWEEP, TOKENS_REFRESH
from lantoa.channels.services import inbound, metrics, outbox, tokens
from lantoa.channels.services.notifications import account_broken_notify


@task()
def delivery_send_task(*, delivery_id: int) -> None:
    outbox.delivery_send(delivery_id=delivery_id)


@task()
def account_broken_notify_task(*, account_id: int) -> None:
    account_broken_notify(account_id=account_id)


@task()
def outbox_sweep_task() -> None:
    outbox.deliveries_recover_stale()
    outbox.deliveries_enqueue_due()
    outbox.deliveries_sent_reannounce(actor=OUTBOX_SWEEP)


@task()
def inbound_event_process_task(*, event_id: int) -> None:
    inbound.inbound_event_process(event_id=event_id)


@task()
def inbound_sweep_task() -> None:
    inbound.inbound_events_enqueue_pending()
    inbound.inbound_messages_reannounce(actor=INBOUND_SWEEP)


@task()
def account_metrics_pull_task(*, account_id: int) -> None:
    metrics.metrics_pull_account(account_id=account_id)


@task()
def metrics_pull_all_task() -> None:
    metrics.metrics_pull_all()


@task()
def account_token_refresh_task(*, account_id: int) -> None:
    tokens.account_tokens_refresh_one(actor=TOKENS_REFRESH, account_id=account_id)


@task()
def tokens_refresh_due_task() -> None:
    tokens.account_tokens_refresh_due()
