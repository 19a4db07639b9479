"""Thin task wrappers (STYLE.md §7)."""

from django_tasks import task

from lantoa.listening.services import alerts, analysis, intake_channels


@task()
def opinions_analyse_task(*, opinion_ids: list[int]) -> int:
    return analysis.opinions_analyse(opinion_ids=opinion_ids)


@task()
def opinions_analyse_pending_task() -> int:
    return analysis.opinions_analyse_pending()


@task()
def spikes_detect_task() -> int:
    return len(alerts.spikes_detect())


@task()
def alerts_escalate_task() -> int:
    return len(alerts.alerts_escalate())


@task()
def channel_messages_ingest_task() -> int:
    return intake_channels.channel_messages_ingest().created


@task()
def opinion_sync_from_message_task(*, message_id: int) -> str:
    return intake_channels.opinion_sync_from_message(message_id=message_id)
