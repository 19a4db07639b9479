"""Retention rules (Decree 13/2023: keep personal data no longer than needed;
docs/deploy.md "Retention").

One periodic job (`ops.retention`, a named system actor, hourly) applies each
rule; a rule whose setting is 0 keeps everything. Each rule that removed
anything writes one audit entry with its cutoff and count.

| rule | setting (days) | what happens past it |
| --- | --- | --- |
| opinions | LANTOA_RETENTION_OPINION_DAYS | text, link, author pseudonym cleared; figures kept |
| channel messages | LANTOA_RETENTION_OPINION_DAYS | comments' and messages' text, author name and pseudonym cleared |
| webhook bodies | LANTOA_INBOUND_RAW_RETENTION_DAYS | raw webhook requests deleted (messages stay) |
| audit log | LANTOA_RETENTION_AUDIT_DAYS | entries deleted |
| task results | LANTOA_RETENTION_TASK_RESULT_DAYS | finished background task results deleted |
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lantoa.core.actors import Actor, require_actor
from lantoa.core.audit import audit_record
from lantoa.ops.choices import OpsAction


def _opinions(cutoff: datetime) -> int:
    from lantoa.listening.services.retention import opinions_redact_before

    return opinions_redact_before(cutoff=cutoff)


def _inbound_messages(cutoff: datetime) -> int:
    from lantoa.channels.services.inbound import inbound_messages_redact_before

    return inbound_messages_redact_before(cutoff=cutoff)


def _webhook_bodies(cutoff: datetime) -> int:
    from lantoa.channels.services.inbound import inbound_events_purge

    return inbound_events_purge(cutoff=cutoff)


def _audit_log(cutoff: datetime) -> int:
    from lantoa.core.models import AuditLogEntry

    deleted, _ = AuditLogEntry.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def _task_results(cutoff: datetime) -> int:
    from django_tasks_db.models import DBTaskResult

    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted


@dataclass(frozen=True)
class Rule:
    name: str
    setting: str
    action: OpsAction
    apply: Callable[[datetime], int]


RULES = (
    Rule("opinions", "LANTOA_RETENTION_OPINION_DAYS", OpsAction.OPINIONS_REDACTED, _opinions),
    Rule(
        "channel_messages",
        "LANTOA_RETENTION_OPINION_DAYS",
        OpsAction.CHANNEL_MESSAGES_REDACTED,
        _inbound_messages,
    ),
    Rule(
        "webhook_bodies",
        "LANTOA_INBOUND_RAW_RETENTION_DAYS",
        OpsAction.WEBHOOK_BODIES_DELETED,
        _webhook_bodies,
    ),
    Rule("audit_log", "LANTOA_RETENTION_AUDIT_DAYS", OpsAction.AUDIT_ENTRIES_DELETED, _audit_log),
    Rule(
        "task_results",
        "LANTOA_RETENTION_TASK_RESULT_DAYS",
        OpsAction.TASK_RESULTS_DELETED,
        _task_results,
    ),
)


def retention_apply(*, actor: Actor, now: datetime | None = None) -> dict[str, int]:
    """Apply every rule; one audit entry per rule that removed something, in
    the same transaction as the removal. Idempotent. Returns the counts."""
    actor = require_actor(actor)
    now = now or timezone.now()
    counts: dict[str, int] = {}
    for rule in RULES:
        days = int(getattr(settings, rule.setting))
        if days <= 0:
            continue
        cutoff = now - timedelta(days=days)
        with transaction.atomic():
            n = rule.apply(cutoff)
            if n:
                audit_record(
                    actor=actor,
                    action=rule.action,
                    data={
                        "rule": rule.name,
                        "days": days,
                        "cutoff": cutoff.isoformat(),
                        "count": n,
                    },
                )
        counts[rule.name] = n
    return counts
