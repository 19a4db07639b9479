"""The newsroom's screens in the generated permission matrix
(lantoa/tests/security/)."""

from wagtail.models import Page

from lantoa.newsroom.models import FeedbackState, ListingState, SectionListing
from lantoa.newsroom.tests.factories import (
    ArticlePageFactory,
    FeedbackFactory,
    SectionIndexFactory,
    WebsiteLinkFactory,
)
from lantoa.org.choices import Perm
from lantoa.org.tests.factories import OrgUnitFactory
from lantoa.tests.security.matrix import Screen


def link_at(unit, ctx):
    return WebsiteLinkFactory(unit=unit)


def feedback_at(unit, ctx):
    return FeedbackFactory(unit=unit, name="Nguyễn Thị Lan", email="lan@example.com")


def listing_at(unit, ctx, state=ListingState.REQUESTED):
    """A request from another unit's article to a section of `unit`'s site
    (pages under Wagtail's root: a new site home would change the user's page
    permissions at login, which the matrix would count as a write)."""
    root = Page.get_first_root_node()
    section = SectionIndexFactory(parent=root)
    sender = OrgUnitFactory()
    article = ArticlePageFactory(parent=SectionIndexFactory(parent=root))
    return SectionListing.objects.create(
        article=article, section=section, unit=unit, from_unit=sender, state=state
    )


def accepted_listing_at(unit, ctx):
    return listing_at(unit, ctx, ListingState.ACCEPTED)


def unit_itself(unit, ctx):
    """«Mở trang tin» names the unit (which has no site yet)."""
    return unit


LISTINGS = "newsroom_listings"
UNIT_SITES = "newsroom_unit_sites"
LINKS = "wagtailsnippets_newsroom_websitelink"
FEEDBACK = "wagtailsnippets_newsroom_feedback"


def bulk(model):
    return {
        "args": lambda obj: ["newsroom", model, "delete"],
        "query": lambda obj: f"id={obj.pk}",
    }


SCREENS = [
    Screen(f"{UNIT_SITES}:open", "view", unit_itself, perm=Perm.CONTENT_APPROVE),
    Screen(
        f"{UNIT_SITES}:open",
        "state",
        unit_itself,
        "POST",
        perm=Perm.CONTENT_APPROVE,
        label=f"{UNIT_SITES}:open[state]",
    ),
    Screen(f"{LISTINGS}:accept", "view", listing_at),
    Screen(
        f"{LISTINGS}:accept",
        "state",
        listing_at,
        "POST",
        perm=Perm.CONTENT_APPROVE,
        label=f"{LISTINGS}:accept[state]",
    ),
    Screen(f"{LISTINGS}:withdraw", "state", accepted_listing_at, "POST"),
    Screen(f"{LINKS}:edit", "view", link_at),
    Screen(f"{LINKS}:edit", "edit", link_at, "POST", label=f"{LINKS}:edit[edit]"),
    Screen(f"{LINKS}:delete", "delete", link_at, "POST"),
    Screen(f"{FEEDBACK}:edit", "view", feedback_at),
    Screen(
        f"{FEEDBACK}:edit",
        "state",
        feedback_at,
        "POST",
        data=lambda obj: {"state": FeedbackState.APPROVED},
        label=f"{FEEDBACK}:edit[state]",
    ),
    Screen(f"{FEEDBACK}:delete", "delete", feedback_at, "POST"),
    Screen(
        "wagtail_bulk_action",
        "delete",
        feedback_at,
        "POST",
        **bulk("feedback"),
        label="wagtail_bulk_action[feedback delete]",
    ),
    Screen(
        "wagtail_bulk_action",
        "delete",
        link_at,
        "POST",
        **bulk("websitelink"),
        label="wagtail_bulk_action[websitelink delete]",
    ),
]
