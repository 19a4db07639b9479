"""Campaigns' handlers of other apps' domain events (subscribed in
`CampaignsConfig.ready()`): each calls one service as the actor it is given."""

from lantoa.campaigns.services.adoption import task_article_published, task_post_delivered
from lantoa.campaigns.services.relays import directive_draft_for_event
from lantoa.core.actors import SystemActor
from lantoa.core.events import Event


def article_published(event: Event, actor: SystemActor) -> None:
    """An adopted article went live: its task's publication is recorded."""
    task_article_published(actor=actor, article_id=event.payload["article_id"])


def post_delivered(event: Event, actor: SystemActor) -> None:
    """A post reached a channel: if it is a task's, its publication is recorded."""
    task_post_delivered(actor=actor, delivery_id=event.payload["delivery_id"])


def event_approved(event: Event, actor: SystemActor) -> None:
    """An event was approved: if its organiser asked, a relay directive is drafted."""
    if event.payload["relay_down"]:
        directive_draft_for_event(actor=actor, event_id=event.payload["event_id"])
