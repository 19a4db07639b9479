"""Analytics' handlers of the other apps' domain events (subscribed in
`AnalyticsConfig.ready()`): each records what changed, for the next refresh
to recompute (services/refresh.py). Idempotent: a change heard twice is one
row."""

from lantoa.analytics.services.refresh import (
    months_changed_by_articles,
    months_changed_by_checkins,
    months_changed_by_deliveries,
    months_changed_by_events,
    months_changed_by_sessions,
    months_changed_by_tasks,
)
from lantoa.analytics.services.state_facts import units_changed
from lantoa.core.actors import SystemActor
from lantoa.core.events import Event


def post_delivered(event: Event, actor: SystemActor) -> None:
    months_changed_by_deliveries([event.payload["delivery_id"]])


def metrics_pulled(event: Event, actor: SystemActor) -> None:
    months_changed_by_deliveries(event.payload["delivery_ids"])
    if event.payload["followers"]:
        units_changed([event.payload["unit_id"]])


def article_changed(event: Event, actor: SystemActor) -> None:
    """Published or unpublished."""
    months_changed_by_articles([event.payload["article_id"]])


def directive_sent(event: Event, actor: SystemActor) -> None:
    months_changed_by_tasks(directive_id=event.payload["directive_id"])


def task_done(event: Event, actor: SystemActor) -> None:
    months_changed_by_tasks(task_ids=[event.payload["task_id"]])


def tasks_overdue(event: Event, actor: SystemActor) -> None:
    months_changed_by_tasks(task_ids=event.payload["task_ids"])


def event_changed(event: Event, actor: SystemActor) -> None:
    """Approved or cancelled."""
    months_changed_by_events([event.payload["event_id"]])


def attendance_recorded(event: Event, actor: SystemActor) -> None:
    months_changed_by_checkins([event.payload["registration_id"]])


def session_reported(event: Event, actor: SystemActor) -> None:
    months_changed_by_sessions([event.payload["session_id"]])
