"""Facts campaigns announce to the apps above it
(lantoa/core/events.py; catalogue in docs/architecture.md)."""

from django.utils.translation import gettext_lazy as _

from lantoa.core import events

DIRECTIVE_TASKS_OVERDUE = events.define(
    "campaigns.directive_tasks_overdue",
    label=_("Nhiệm vụ theo định hướng quá hạn"),
    payload={
        "task_ids": "the DirectiveTasks that just became late (at most one batch)",
        "unit_ids": "their units, without repeats",
    },
)
"""Open tasks passed their due date and became late (the deadline sweep,
one event per batch, in the batch's transaction)."""

DIRECTIVE_SENT = events.define(
    "campaigns.directive_sent",
    label=_("Định hướng tuyên truyền đã được gửi"),
    payload={
        "directive_id": "the Directive",
        "sender_unit_id": "the unit that sent it",
        "task_count": "how many tasks (one per target unit) it made",
    },
)
"""A directive was sent: its tasks exist, one per target unit."""

DIRECTIVE_TASK_DONE = events.define(
    "campaigns.directive_task_done",
    label=_("Nhiệm vụ theo định hướng đã hoàn thành"),
    payload={
        "task_id": "the DirectiveTask",
        "unit_id": "the unit that did it",
        "late": "true when it was done after its due date",
    },
)
"""Every required action of a task is met (publication, post or proof)."""
