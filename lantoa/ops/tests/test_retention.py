"""Retention rules: opinions lose their words but keep their figures, raw webhook
bodies, old audit entries and finished task results go; one audit entry per
rule that removed something, by the `ops.retention` job."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lantoa.channels.models import InboundEvent, InboundMessage
from lantoa.channels.services.inbound import REDACTED as MESSAGE_REDACTED
from lantoa.channels.tests.factories import ChannelAccountFactory
from lantoa.core import periodic
from lantoa.core.models import AuditLogEntry
from lantoa.listening.choices import Sentiment
from lantoa.listening.models import Opinion
from lantoa.listening.selectors import sentiment_trend
from lantoa.listening.services.retention import REDACTED
from lantoa.listening.tests.factories import OpinionFactory
from lantoa.ops.actors import RETENTION
from lantoa.ops.choices import OpsAction
from lantoa.ops.retention import retention_apply
from lantoa.org.tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def _task(*, finished_days_ago: float | None) -> DBTaskResult:
    now = timezone.now()
    finished = None if finished_days_ago is None else now - finished_days_ago * DAY
    return DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="lantoa.core.events.events_sweep_task",
        queue_name="default",
        backend_name="default",
        run_after=now,
        status="READY" if finished is None else "SUCCESSFUL",
        finished_at=finished,
    )


def _audit_entry(days_ago: int) -> AuditLogEntry:
    entry = AuditLogEntry.objects.create(action="ops.member_erased", actor_name="test")
    AuditLogEntry.objects.filter(pk=entry.pk).update(created_at=timezone.now() - days_ago * DAY)
    return entry


def test_retention_removes_what_is_past_its_time_and_audits_each_rule(settings):
    settings.LANTOA_RETENTION_OPINION_DAYS = 365
    settings.LANTOA_INBOUND_RAW_RETENTION_DAYS = 30
    settings.LANTOA_RETENTION_AUDIT_DAYS = 1000
    settings.LANTOA_RETENTION_TASK_RESULT_DAYS = 7
    now = timezone.now()
    unit = OrgUnitFactory()
    old_when = now - 400 * DAY
    old = [
        OpinionFactory(
            unit=unit,
            received_at=old_when,
            sentiment=s,
            author_ref="ref-1",
            source_url="https://facebook.com/x/1",
            text_history=[{"text": "trước", "replaced_at": "x"}],
        )
        for s in (Sentiment.NEGATIVE, Sentiment.NEGATIVE, Sentiment.POSITIVE)
    ]
    unanalysed = OpinionFactory(unit=unit, received_at=old_when, analysed_at=None)
    recent = OpinionFactory(unit=unit, received_at=now - 10 * DAY, author_ref="ref-2")
    trend_before = sentiment_trend(unit, old_when - DAY, old_when + DAY)
    InboundEvent.objects.create(
        platform="zalo_oa",
        body='{"sender": {"id": "1"}}',
        signature_valid=True,
        received_at=now - 40 * DAY,
        processed_at=now - 40 * DAY,
    )
    pending = InboundEvent.objects.create(
        platform="zalo_oa", body="{}", signature_valid=True, received_at=now - 40 * DAY
    )
    fresh_event = InboundEvent.objects.create(platform="zalo_oa", body="{}", signature_valid=True)
    account = ChannelAccountFactory(unit=unit)

    def message(n: int, written):
        return InboundMessage.objects.create(
            account=account,
            platform=account.platform,
            external_id=f"m{n}",
            kind="comment",
            author_ref="ref-x",
            author_name="Nguyễn Văn A",
            text="Cơm ca nguội",
            created_at=written,
        )

    old_message, new_message = message(1, old_when), message(2, now - DAY)
    _audit_entry(1200)
    _audit_entry(1100)
    kept_entry = _audit_entry(10)
    _task(finished_days_ago=8)
    kept_tasks = {_task(finished_days_ago=1).pk, _task(finished_days_ago=None).pk}

    counts = retention_apply(actor=RETENTION, now=now)

    assert counts == {
        "opinions": 4,
        "channel_messages": 1,
        "webhook_bodies": 1,
        "audit_log": 2,
        "task_results": 1,
    }
    old_message.refresh_from_db()
    assert (old_message.text, old_message.author_name, old_message.author_ref) == (
        MESSAGE_REDACTED,
        "",
        "",
    )
    new_message.refresh_from_db()
    assert (new_message.text, new_message.author_name) == ("Cơm ca nguội", "Nguyễn Văn A")
    assert InboundMessage.objects.count() == 2
    for opinion in old:
        opinion.refresh_from_db()
        assert opinion.text == REDACTED
        assert (opinion.author_ref, opinion.source_url, opinion.folded_text) == ("", "", "")
        assert opinion.text_history == []
    # Figures stay: the same opinions, with the same labels, on the same days.
    assert Opinion.objects.filter(unit=unit).count() == 5
    assert [
        o.sentiment for o in Opinion.objects.filter(pk__in=[o.pk for o in old]).order_by("pk")
    ] == [Sentiment.NEGATIVE, Sentiment.NEGATIVE, Sentiment.POSITIVE]
    assert sentiment_trend(unit, old_when - DAY, old_when + DAY) == trend_before
    unanalysed.refresh_from_db()
    assert unanalysed.analysis_error == "redacted before analysis"
    recent.refresh_from_db()
    assert recent.text != REDACTED
    assert recent.author_ref == "ref-2"
    assert set(InboundEvent.objects.values_list("pk", flat=True)) == {pending.pk, fresh_event.pk}
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == kept_tasks

    written = AuditLogEntry.objects.filter(actor_name="ops.retention").order_by("pk")
    assert [(e.action, e.data["count"]) for e in written] == [
        (OpsAction.OPINIONS_REDACTED, 4),
        (OpsAction.CHANNEL_MESSAGES_REDACTED, 1),
        (OpsAction.WEBHOOK_BODIES_DELETED, 1),
        (OpsAction.AUDIT_ENTRIES_DELETED, 2),
        (OpsAction.TASK_RESULTS_DELETED, 1),
    ]
    assert written[0].data["days"] == 365
    assert AuditLogEntry.objects.filter(pk=kept_entry.pk).exists()

    # Again: nothing left to remove, nothing audited.
    assert retention_apply(actor=RETENTION, now=now) == dict.fromkeys(counts, 0)
    assert AuditLogEntry.objects.filter(actor_name="ops.retention").count() == 5


def test_a_rule_set_to_zero_keeps_everything(settings):
    settings.LANTOA_RETENTION_OPINION_DAYS = 0
    settings.LANTOA_RETENTION_AUDIT_DAYS = 0
    opinion = OpinionFactory(received_at=timezone.now() - 5000 * DAY)
    _audit_entry(5000)
    counts = retention_apply(actor=RETENTION)
    assert "opinions" not in counts
    assert "audit_log" not in counts
    opinion.refresh_from_db()
    assert opinion.text != REDACTED
    assert AuditLogEntry.objects.count() == 1


def test_retention_is_an_hourly_job_of_a_named_actor():
    job = next(j for j in periodic.jobs() if j.name == "ops.retention")
    assert job.actor is RETENTION
    assert job.every_seconds == 3600
    with pytest.raises(TypeError):
        retention_apply(actor=None)
