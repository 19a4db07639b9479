"""Deadlines of directive tasks: reminders before the due date, lateness
after it, and escalation of late tasks to the parent unit's officers, each
both in-app (a TaskNotice) and by e-mail.

Every step works on bounded batches with set-based updates, so a directive
sent to the whole tree (~150,000 tasks) costs a few dozen statements, and
e-mail goes out once per recipient unit per run, after commit.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from lantoa.campaigns.choices import OPEN_TASK_STATES, CampaignAction, NoticeKind, TaskState
from lantoa.campaigns.events import DIRECTIVE_TASKS_OVERDUE
from lantoa.campaigns.models import DirectiveTask, TaskNotice
from lantoa.core import events
from lantoa.core.actors import Actor, actor_user_id
from lantoa.core.audit import audit_record
from lantoa.core.dates import format_datetime_line
from lantoa.core.mail import Mail, mail, mail_after_commit
from lantoa.org.choices import Perm
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import require_perm
from lantoa.org.selectors import staff_emails_by_unit

BATCH = 1000
DEFAULT_REMIND_HOURS = 48


@dataclass(frozen=True)
class SweepReport:
    late: int
    escalated: int
    reminded: int


def remind_before() -> timedelta:
    return timedelta(hours=getattr(settings, "LANTOA_DIRECTIVE_REMIND_HOURS", DEFAULT_REMIND_HOURS))


def _task_url(task_id: int) -> str:
    base = str(settings.WAGTAILADMIN_BASE_URL).rstrip("/")
    return base + reverse("campaigns_tasks:detail", args=[task_id])


def _message(subject: str, lines: list[str], recipients: list[str]) -> Mail:
    return mail(subject, "\n".join(lines), recipients)


# ------------------------------------------------------------------ lateness


def tasks_mark_late(*, actor: Actor, now: datetime | None = None) -> int:
    """Open tasks past their due date become "late". Idempotent; one audit
    entry per directive per run, and `campaigns.directive_tasks_overdue` per
    batch."""
    now = now or timezone.now()
    total = 0
    while True:
        with transaction.atomic():
            rows = list(
                DirectiveTask.objects.filter(state__in=OPEN_TASK_STATES, due_at__lt=now)
                .order_by("due_at", "pk")
                .values_list("pk", "directive_id", "directive__sender_unit__path", "unit_id")[
                    :BATCH
                ]
            )
            if not rows:
                return total
            DirectiveTask.objects.filter(
                pk__in=[pk for pk, _, _, _ in rows], state__in=OPEN_TASK_STATES
            ).update(state=TaskState.LATE, late_at=now)
            events.announce(
                DIRECTIVE_TASKS_OVERDUE,
                task_ids=[pk for pk, _, _, _ in rows],
                unit_ids=sorted({unit_id for _, _, _, unit_id in rows}),
            )
            per_directive: dict[tuple[int, str], int] = defaultdict(int)
            for _, directive_id, path, _ in rows:
                per_directive[(directive_id, path)] += 1
            for (directive_id, path), count in per_directive.items():
                audit_record(
                    actor=actor,
                    action=CampaignAction.TASKS_LATE,
                    unit_path=path,
                    data={"directive": directive_id, "tasks": count},
                )
            total += len(rows)


def tasks_escalate(*, actor: Actor, now: datetime | None = None) -> int:
    """Late tasks not yet escalated go to the parent of their unit: an in-app
    notice there and one e-mail per parent unit listing its late children.
    Idempotent (escalated_at)."""
    now = now or timezone.now()
    total = 0
    while True:
        with transaction.atomic():
            tasks = list(
                DirectiveTask.objects.filter(state=TaskState.LATE, escalated_at__isnull=True)
                .select_related("unit", "directive")
                .order_by("pk")[:BATCH]
            )
            if not tasks:
                return total
            step = OrgUnit.steplen
            parents = {
                u.path: u
                for u in OrgUnit.objects.filter(
                    path__in={t.unit.path[:-step] for t in tasks if t.unit.depth > 1}
                )
            }
            by_parent: dict[int, list[DirectiveTask]] = defaultdict(list)
            notices = []
            for task in tasks:
                parent = parents.get(task.unit.path[:-step])
                if parent is None:
                    continue
                by_parent[parent.pk].append(task)
                notices.append(TaskNotice(unit=parent, task=task, kind=NoticeKind.ESCALATION))
            TaskNotice.objects.bulk_create(notices)
            DirectiveTask.objects.filter(pk__in=[t.pk for t in tasks]).update(escalated_at=now)
            emails = staff_emails_by_unit(by_parent)
            parent_by_id = {u.pk: u for u in parents.values()}
            messages = []
            for parent_id, late in by_parent.items():
                parent = parent_by_id[parent_id]
                audit_record(
                    actor=actor,
                    action=CampaignAction.TASKS_ESCALATE,
                    unit_path=parent.path,
                    data={"tasks": [t.pk for t in late][:200], "count": len(late)},
                )
                if parent_id in emails:
                    messages.append(_escalation_message(parent, late, emails[parent_id]))
            mail_after_commit(messages)
            total += len(tasks)


def _escalation_message(parent: OrgUnit, late: list[DirectiveTask], recipients: list[str]) -> Mail:
    lines = [
        f"Kính gửi cán bộ tuyên giáo {parent.name},",
        "",
        f"{len(late)} nhiệm vụ theo định hướng tuyên truyền của đơn vị trực thuộc đã quá hạn:",
        "",
    ]
    for task in late[:50]:
        lines.append(
            f"- {task.unit.name}: «{task.directive.title}», hạn {format_datetime_line(task.due_at)}"
            f" — {_task_url(task.pk)}"
        )
    if len(late) > 50:
        lines.append(f"… và {len(late) - 50} nhiệm vụ khác (xem trong trang quản trị).")
    lines += ["", "Đề nghị đôn đốc các đơn vị hoàn thành và báo cáo kết quả."]
    return _message(
        f"[Lantoa] Đơn vị trực thuộc quá hạn định hướng ({len(late)})", lines, recipients
    )


# ----------------------------------------------------------------- reminders


def tasks_remind(*, now: datetime | None = None) -> int:
    """Open tasks due within the reminder window (LANTOA_DIRECTIVE_REMIND_HOURS,
    48 by default) get one reminder: an in-app notice for their unit and an
    e-mail to its officers. Idempotent (reminded_at)."""
    now = now or timezone.now()
    horizon = now + remind_before()
    total = 0
    while True:
        with transaction.atomic():
            tasks = list(
                DirectiveTask.objects.filter(
                    state__in=OPEN_TASK_STATES,
                    reminded_at__isnull=True,
                    due_at__gt=now,
                    due_at__lte=horizon,
                )
                .select_related("unit", "directive")
                .order_by("pk")[:BATCH]
            )
            if not tasks:
                return total
            TaskNotice.objects.bulk_create(
                [TaskNotice(unit=t.unit, task=t, kind=NoticeKind.REMINDER) for t in tasks]
            )
            DirectiveTask.objects.filter(pk__in=[t.pk for t in tasks]).update(reminded_at=now)
            by_unit: dict[int, list[DirectiveTask]] = defaultdict(list)
            for task in tasks:
                by_unit[task.unit_id].append(task)
            emails = staff_emails_by_unit(by_unit)
            messages = [
                _reminder_message(due, emails[unit_id])
                for unit_id, due in by_unit.items()
                if unit_id in emails
            ]
            mail_after_commit(messages)
            total += len(tasks)


def _reminder_message(due: list[DirectiveTask], recipients: list[str]) -> Mail:
    unit = due[0].unit
    lines = [f"Kính gửi cán bộ tuyên giáo {unit.name},", ""]
    for task in due:
        lines.append(
            f"- «{task.directive.title}»: hạn hoàn thành {format_datetime_line(task.due_at)}"
            f" — {_task_url(task.pk)}"
        )
    lines += ["", "Đề nghị đơn vị thực hiện và gửi minh chứng trước thời hạn."]
    subject = (
        f"[Lantoa] Nhắc hạn định hướng: {due[0].directive.title}"
        if len(due) == 1
        else f"[Lantoa] Nhắc hạn {len(due)} định hướng tuyên truyền"
    )
    return _message(subject, lines, recipients)


# ------------------------------------------------------------------ the sweep


def directives_sweep(*, actor: Actor, now: datetime | None = None) -> SweepReport:
    """The periodic job: lateness, escalation and reminders."""
    now = now or timezone.now()
    late = tasks_mark_late(actor=actor, now=now)
    escalated = tasks_escalate(actor=actor, now=now)
    reminded = tasks_remind(now=now)
    return SweepReport(late=late, escalated=escalated, reminded=reminded)


# -------------------------------------------------------------------- notices


@transaction.atomic
def notice_mark_read(*, actor: Actor, notice: TaskNotice) -> TaskNotice:
    """An officer of the notice's unit has read it (for all its officers)."""
    require_perm(actor, Perm.CONTENT_EDIT, notice.unit)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.read_by_id = actor_user_id(actor)
        notice.save(update_fields=["read_at", "read_by"])
    return notice
