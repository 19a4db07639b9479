"""The event's public page on the organising unit's site (a Wagtail page
under the unit's site home, lantoa/core/site_pages.py)."""

from lantoa.core.actors import Actor
from lantoa.core.site_pages import owned_page_publish, owned_page_unpublish
from lantoa.events.models import Event, EventPage


def event_page_publish(*, actor: Actor, event: Event) -> EventPage | None:
    """Create (once) and publish the event's page, or publish it again (its
    content comes from the event: a new revision refreshes caches); None when
    the unit has no site. The caller checked the actor's approval right."""
    return owned_page_publish(actor=actor, owner=event, page_model=EventPage, field="event")


def event_page_unpublish(*, actor: Actor, event: Event) -> None:
    owned_page_unpublish(actor=actor, owner=event, page_model=EventPage, field="event")
