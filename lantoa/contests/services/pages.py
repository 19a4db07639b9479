"""The contest's gallery on the organising unit's site (a Wagtail page
under the unit's site home, lantoa/core/site_pages.py)."""

from lantoa.contests.models import Contest, ContestPage
from lantoa.core.actors import Actor
from lantoa.core.site_pages import owned_page_publish, owned_page_unpublish


def contest_page_publish(*, actor: Actor, contest: Contest) -> ContestPage | None:
    """Create (once) and publish the gallery; None when the unit has no site."""
    return owned_page_publish(actor=actor, owner=contest, page_model=ContestPage, field="contest")


def contest_page_unpublish(*, actor: Actor, contest: Contest) -> None:
    owned_page_unpublish(actor=actor, owner=contest, page_model=ContestPage, field="contest")
