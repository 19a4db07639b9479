"""Listing an article in sections of its own and of other units' sites
(models/listings.py): the requests made when an article is published, and
the receiving unit's decisions.

A unit's site shows only what the unit agreed to: a section of another unit
receives a *request*, which that unit's approvers accept (told by e-mail, in
the recipient's language, Vietnamese by default) and which the receiving
unit withdraws whenever it likes. A site that accepts its parent units'
listings automatically (`UnitSiteHome.accept_parent_listings`) shows a
listing from a unit above it at once.
"""

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from lantoa.core.actors import Actor, actor_user_id
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.core.mail import mail_after_commit, mail_to_users
from lantoa.newsroom import caching
from lantoa.newsroom.choices import NewsroomAction
from lantoa.newsroom.models import (
    ArticlePage,
    ListingState,
    SectionIndex,
    SectionListing,
    UnitSiteHome,
)
from lantoa.org.choices import Perm
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import user_can
from lantoa.org.selectors import unit_approvers


def section_homes(sections: Iterable[SectionIndex]) -> dict[int, UnitSiteHome]:
    """{section id: the site home (with its unit) that holds it}, in one query.
    A section's parent is always a site home (`SectionIndex.parent_page_types`)."""
    by_parent = {s.pk: s.path[: -Page.steplen] for s in sections}
    homes = {
        h.path: h
        for h in UnitSiteHome.objects.filter(path__in=set(by_parent.values())).select_related(
            "unit"
        )
    }
    return {pk: homes[path] for pk, path in by_parent.items() if path in homes}


def _accepted_at_once(home: UnitSiteHome, from_unit: OrgUnit) -> bool:
    unit = home.unit
    if unit.pk == from_unit.pk:
        return True
    above = unit.path.startswith(from_unit.path) and unit.path != from_unit.path
    return above and home.accept_parent_listings


def _admin_index_url() -> str:
    base = str(settings.WAGTAILADMIN_BASE_URL).rstrip("/")
    return f"{base}{reverse('newsroom_listings:index')}?state=requested"


@transaction.atomic
def article_listings_sync(*, actor: Actor, article: ArticlePage) -> list[SectionListing]:
    """Bring the article's listings in line with the sections its author
    ticked, once it is published: a new listing in its own unit's section (or
    in a site that accepts this unit's listings automatically) shows at once,
    one in another unit's section waits for that unit's approvers (e-mailed
    after commit); listings of sections no longer ticked are removed. A
    listing the receiving unit withdrew stays withdrawn. Idempotent. Returns
    the listings created."""
    from_unit = article.unit
    if from_unit is None:
        return []
    chosen = list(article.sections.all())
    homes = section_homes(chosen)
    existing = {
        listing.section_id: listing
        for listing in SectionListing.objects.filter(article=article).select_related("unit")
    }
    gone = [listing.pk for section_id, listing in existing.items() if section_id not in homes]
    removed = list(SectionListing.objects.filter(pk__in=gone).select_related("section"))
    SectionListing.objects.filter(pk__in=gone).delete()
    created = []
    now = timezone.now()
    for section in chosen:
        home = homes.get(section.pk)
        if home is None or section.pk in existing:
            continue
        at_once = _accepted_at_once(home, from_unit)
        listing = SectionListing.objects.create(
            article=article,
            section=section,
            unit=home.unit,
            from_unit=from_unit,
            state=ListingState.ACCEPTED if at_once else ListingState.REQUESTED,
            decided_at=now if at_once else None,
        )
        created.append(listing)
        audit_record(
            actor=actor,
            action=NewsroomAction.LISTING_REQUEST,
            target=listing,
            unit_path=home.unit.path,
            data={
                "article": article.pk,
                "section": section.pk,
                "from_unit": from_unit.pk,
                "state": listing.state,
            },
        )
        if not at_once:
            _ask_approvers(listing, article, section, home.unit, from_unit)
    if removed or any(listing.state == ListingState.ACCEPTED for listing in created):
        sections = [listing.section for listing in removed] + [
            listing.section for listing in created
        ]
        transaction.on_commit(lambda: caching.invalidate_sections(sections))
    return created


def _ask_approvers(
    listing: SectionListing,
    article: ArticlePage,
    section: SectionIndex,
    unit: OrgUnit,
    from_unit: OrgUnit,
) -> None:
    url = _admin_index_url()

    def compose(user: object) -> tuple[str, str]:
        subject = _("[Lantoa] Chờ duyệt: %(from_unit)s đề nghị đăng tin vào «%(section)s»") % {
            "from_unit": from_unit.name,
            "section": section.title,
        }
        body = _(
            "%(from_unit)s đề nghị đăng tin «%(title)s» vào chuyên mục «%(section)s» trên "
            "trang tin của %(unit)s. Tin chỉ hiện ở đó khi người duyệt của %(unit)s nhận.\n\n"
            "Xem tin: %(article_url)s\n\n"
            "«Nhận» hoặc «Gỡ»: %(url)s"
        ) % {
            "from_unit": from_unit.name,
            "title": article.title,
            "section": section.title,
            "unit": unit.name,
            "article_url": article.get_full_url() or "",
            "url": url,
        }
        return subject, body

    mail_after_commit(mail_to_users(unit_approvers(unit), compose))


def _locked(listing: SectionListing) -> SectionListing:
    return (
        SectionListing.objects.select_for_update(of=("self",))
        .select_related("unit", "section")
        .get(pk=listing.pk)
    )


def _decide(actor: Actor, listing: SectionListing, state: str, action: str) -> SectionListing:
    listing.state = state
    listing.decided_by_id = actor_user_id(actor)
    listing.decided_at = timezone.now()
    listing.save(update_fields=["state", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action=action,
        target=listing,
        unit_path=listing.unit.path,
        data={"article": listing.article_id, "section": listing.section_id},
    )
    section = listing.section
    transaction.on_commit(lambda: caching.invalidate_sections([section]))
    return listing


@transaction.atomic
def listing_accept(*, actor: Actor, listing: SectionListing) -> SectionListing:
    """The receiving unit shows the article in its section (a request, or a
    listing it withdrew earlier). `Perm.CONTENT_APPROVE` at the receiving
    unit. Locks the listing."""
    listing = _locked(listing)
    if not user_can(actor, Perm.CONTENT_APPROVE, listing.unit):
        raise PermissionDenied(_("Chỉ người duyệt của đơn vị nhận mới nhận được tin này."))
    if listing.state == ListingState.ACCEPTED:
        raise InvalidInput(_("Tin đã hiển thị trong chuyên mục."))
    return _decide(actor, listing, ListingState.ACCEPTED, NewsroomAction.LISTING_ACCEPT)


@transaction.atomic
def listing_withdraw(*, actor: Actor, listing: SectionListing) -> SectionListing:
    """The receiving unit takes the article out of its section (or declines
    the request): it no longer shows there, whatever the sending unit does
    next. Any officer of the receiving unit (`Perm.CONTENT_EDIT`): removing
    is always safe. Locks the listing."""
    listing = _locked(listing)
    if not user_can(actor, Perm.CONTENT_EDIT, listing.unit):
        raise PermissionDenied(_("Chỉ đơn vị nhận mới gỡ được tin khỏi chuyên mục của mình."))
    if listing.state == ListingState.WITHDRAWN:
        raise InvalidInput(_("Tin đã được gỡ khỏi chuyên mục."))
    return _decide(actor, listing, ListingState.WITHDRAWN, NewsroomAction.LISTING_WITHDRAW)
