"""Thin task wrappers: load by id, call one service (STYLE.md §7)."""

from django_tasks import task

from lantoa.channels.services import outbox
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
