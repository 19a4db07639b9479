"""Thin task wrappers: each calls one worker-side service (STYLE.md §7)."""

from django_tasks import task

from lantoa.incidents.actors import REPLIES, SNAPSHOT, SWEEP
from lantoa.incidents.services.escalation import steps_sweep
from lantoa.incidents.services.facts import facts_expire
from lantoa.incidents.services.replies import reporter_reply_send
from lantoa.incidents.services.snapshots import report_snapshot_take


@task()
def report_snapshot_task(*, report_id: int) -> None:
    report_snapshot_take(actor=SNAPSHOT, report_id=report_id)


@task()
def incidents_sweep_task() -> None:
    steps_sweep(actor=SWEEP)
    facts_expire(actor=SWEEP)


@task()
def reporter_reply_send_task(*, reply_id: int) -> None:
    reporter_reply_send(actor=REPLIES, reply_id=reply_id)
