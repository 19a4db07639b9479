"""The event's public page on the organising unit's site (a Wagtail page
under the unit's site home), published, refreshed and unpublished through
Wagtail's revision API so that the site's caches and logs see it like any
page."""

from django.core.exceptions import ObjectDoesNotExist
from wagtail.models import Page

from lantoa.core.actors import Actor, actor_user
from lantoa.events.models import Event, EventPage


def _site_home(event: Event) -> Page | None:
    """The organising unit's site home (the newsroom's page for the unit), if any."""
    try:
        home = event.unit.site_home  # type: ignore[attr-defined]
    except (ObjectDoesNotExist, AttributeError):
        return None
    return home if isinstance(home, Page) else None


def event_page_publish(*, actor: Actor, event: Event) -> EventPage | None:
    """Create (once) and publish the event's page, or publish it again (its
    content comes from the event: a new revision refreshes caches); None when
    the unit has no site. The caller checked the actor's approval right."""
    page = EventPage.objects.filter(event=event).first()
    user = actor_user(actor)
    if page is None:
        home = _site_home(event)
        if home is None:
            return None
        slug = event.slug
        if home.get_children().filter(slug=slug).exists():
            slug = f"{slug}-{event.pk}"
        page = EventPage(title=event.title, slug=slug, event=event, live=False, owner=user)
        home.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user, skip_permission_checks=True)
    page.refresh_from_db()
    return page


def event_page_unpublish(*, actor: Actor, event: Event) -> None:
    page = EventPage.objects.filter(event=event, live=True).first()
    if page is not None:
        page.unpublish(user=actor_user(actor))
