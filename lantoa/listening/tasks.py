"""Thin task wrappers (STYLE.md §7)."""

from django_tasks import task

from lantoa.listening.services import alerts, analysis


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
def listening_model_retrain_task(*, user_id: int) -> str:
    """Retrain for the officer who asked (the audit log names them)."""
    from django.contrib.auth import get_user_model

    from lantoa.listening.services.retraining import listening_model_retrain

    user = get_user_model().objects.get(pk=user_id)
    return listening_model_retrain(actor=user).version
