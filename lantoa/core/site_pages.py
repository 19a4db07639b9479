"""A page an app keeps under a unit's news site (the race's page, a photo
contest's gallery, an honour board), published and unpublished through
Wagtail's revision API so that the site's caches and logs see it like any
page. The app never imports the newsroom: the unit's site home is found by
its reverse accessor (`unit.site_home`)."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest
from wagtail.models import Page

from lantoa.core.actors import Actor, actor_user

P = TypeVar("P", bound=Page)


class UnitWorkPageMixin:
    """For the page model of a unit's piece of work: it sits under the unit's
    site home with no pages below, and its template gets `public_context()`."""

    parent_page_types = ["newsroom.UnitSiteHome"]
    subpage_types: list[str] = []

    def public_context(self) -> dict[str, Any]:
        raise NotImplementedError

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(request, *args, **kwargs)  # type: ignore[misc]
        context.update(self.public_context())
        return context


def unit_site_home(unit: Any) -> Page | None:
    """The unit's site home (the newsroom's page for the unit), if any."""
    try:
        home = unit.site_home
    except (ObjectDoesNotExist, AttributeError):
        return None
    return home if isinstance(home, Page) else None


def site_page_publish(
    *, actor: Actor, unit: Any, existing: P | None, make: Callable[[str], P], slug: str, pk: int
) -> P | None:
    """Publish `existing`, or the page `make(slug)` builds, added once under
    the unit's site home; None when the unit has no site. The caller checked
    the actor's approval right over the unit."""
    user = actor_user(actor)
    page = existing
    if page is None:
        home = unit_site_home(unit)
        if home is None:
            return None
        if home.get_children().filter(slug=slug).exists():
            slug = f"{slug}-{pk}"
        page = make(slug)
        page.live = False
        page.owner = user
        home.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user, skip_permission_checks=True)
    page.refresh_from_db()
    return page


def site_page_unpublish(*, actor: Actor, page: Page | None) -> None:
    if page is not None and page.live:
        page.unpublish(user=actor_user(actor))


def owned_page_publish(*, actor: Actor, owner: Any, page_model: type[P], field: str) -> P | None:
    """`site_page_publish` for the page of `page_model` whose `field` is
    `owner` (a race, a contest, an event: it has a unit, a title and a
    slug), made once with the owner's title and slug."""
    return site_page_publish(
        actor=actor,
        unit=owner.unit,
        existing=page_model._default_manager.filter(**{field: owner}).first(),
        make=lambda slug: page_model(title=owner.title, slug=slug, **{field: owner}),
        slug=owner.slug,
        pk=owner.pk,
    )


def owned_page_unpublish(*, actor: Actor, owner: Any, page_model: type[Page], field: str) -> None:
    """Unpublish the live page of `page_model` whose `field` is `owner`, if any."""
    page = page_model._default_manager.filter(**{field: owner}, live=True).first()
    site_page_unpublish(actor=actor, page=page)
