"""The race's public page on the organising unit's site (a Wagtail page
under the unit's site home, lantoa/core/site_pages.py)."""

from lantoa.core.actors import Actor
from lantoa.core.site_pages import owned_page_publish, owned_page_unpublish
from lantoa.race.models import Race, RacePage


def race_page_publish(*, actor: Actor, race: Race) -> RacePage | None:
    """Create (once) and publish the race's page; None when the unit has no
    site. The caller checked the actor's approval right over the unit."""
    return owned_page_publish(actor=actor, owner=race, page_model=RacePage, field="race")


def race_page_unpublish(*, actor: Actor, race: Race) -> None:
    owned_page_unpublish(actor=actor, owner=race, page_model=RacePage, field="race")
