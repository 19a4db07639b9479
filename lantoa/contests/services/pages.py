"""The contest's gallery on the organising unit's site (a Wagtail page
under the unit's site home, lantoa/core/site_pages.py)."""

from lantoa.contests.models import Contest, ContestPage
from lantoa.core.actors import Actor
from lantoa.core.site_pages import site_page_publish, site_page_unpublish


def contest_page_publish(*, actor: Actor, contest: Contest) -> ContestPage | None:
    """Create (once) and publish the gallery; None when the unit has no site."""
    return site_page_publish(
        actor=actor,
        unit=contest.unit,
        existing=ContestPage.objects.filter(contest=contest).first(),
        make=lambda slug: ContestPage(title=contest.title, slug=slug, contest=contest),
        slug=contest.slug,
        pk=contest.pk,
    )


def contest_page_unpublish(*, actor: Actor, contest: Contest) -> None:
    site_page_unpublish(
        actor=actor, page=ContestPage.objects.filter(contest=contest, live=True).first()
    )
