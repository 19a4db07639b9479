"""Listening's handlers of the channels' domain events (subscribed in
`ListeningConfig.ready()`): each calls one service."""

from lantoa.core.actors import SystemActor
from lantoa.core.events import Event
from lantoa.listening.services.intake_channels import (
    channel_message_ingest,
    opinion_sync_from_message,
)


def inbound_message_stored(event: Event, actor: SystemActor) -> None:
    """A comment or message reached a channel: it becomes an opinion."""
    channel_message_ingest(message_id=event.payload["message_id"])


def inbound_message_changed(event: Event, actor: SystemActor) -> None:
    """A comment was edited or removed on the platform: its opinion follows."""
    opinion_sync_from_message(message_id=event.payload["message_id"])
