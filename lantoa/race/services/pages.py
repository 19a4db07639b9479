"""The race's public page on the organising unit's site (a Wagtail page
under the unit's site home, lantoa/core/site_pages.py)."""

from lantoa.core.actors import Actor
from lantoa.core.site_pages import site_page_publish, site_page_unpublish
from lantoa.race.models import Race, RacePage


def race_page_publish(*, actor: Actor, race: Race) -> RacePage | None:
    """Create (once) and publish the race's page; None when the unit has no
    site. The caller checked the actor's approval right over the unit."""
    return site_page_publish(
        actor=actor,
        unit=race.unit,
        existing=RacePage.objects.filter(race=race).first(),
        make=lambda slug: RacePage(title=race.title, slug=slug, race=race),
        slug=race.slug,
        pk=race.pk,
    )


def race_page_unpublish(*, actor: Actor, race: Race) -> None:
    site_page_unpublish(actor=actor, page=RacePage.objects.filter(race=race, live=True).first())
