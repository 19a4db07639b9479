"""Thin task wrappers: call one service (STYLE.md §7)."""

from django_tasks import task

from lantoa.advocacy import clicks, digests
from lantoa.advocacy.actors import DIGEST


@task()
def clicks_drain_task() -> int:
    return clicks.clicks_drain()


@task()
def digests_send_task() -> int:
    return digests.digests_send(actor=DIGEST)


@task()
def visitor_keys_forget_task() -> int:
    return clicks.visitor_keys_forget()
