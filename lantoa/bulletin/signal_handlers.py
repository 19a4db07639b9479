"""Receivers connected in `BulletinConfig.ready()`; each calls one service."""

from typing import Any

from lantoa.bulletin.actors import ESP_TRACKING
from lantoa.bulletin.services.subscriptions import suppression_from_tracking


def on_tracking_event(sender: Any, event: Any, esp_name: str, **kwargs: Any) -> None:
    """django-anymail's normalised tracking event (any ESP's webhook):
    hard bounces and complaints go on the suppression list."""
    suppression_from_tracking(
        actor=ESP_TRACKING,
        event_type=str(event.event_type or ""),
        recipient=str(event.recipient or ""),
        esp_name=str(esp_name),
        description=str(event.description or event.mta_response or "")[:500],
    )
