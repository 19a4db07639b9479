"""Listing an article in another unit's section is a request that unit's
approvers accept; the receiving unit withdraws it whenever it likes; a site
may accept its parent units' listings automatically; the picker names the
unit of every section."""

import feedparser
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from lantoa.core.exceptions import PermissionDenied
from lantoa.core.models import AuditLogEntry
from lantoa.newsroom.admin_forms import ArticlePageForm
from lantoa.newsroom.models import ArticlePage, ListingState, SectionListing
from lantoa.newsroom.services_listings import listing_accept, listing_withdraw
from lantoa.newsroom.tests.factories import ArticlePageFactory, SectionIndexFactory
from lantoa.org.choices import Role
from lantoa.org.tests.factories import UserFactory, staff_user

TITLE = "PV GAS trao học bổng cho con công nhân"


def person(unit, role, email):
    return staff_user(unit, role, email=email)


@pytest.fixture
def sections(news):
    """A section on the unit's site (the sender) and on its sibling's."""
    own = SectionIndexFactory(parent=news.unit_home, title="Tin hoạt động", slug="tin-hoat-dong")
    sibling = SectionIndexFactory(
        parent=news.sibling_home, title="Tin hoạt động", slug="tin-hoat-dong"
    )
    return own, sibling


def publish(parent, *targets, title=TITLE):
    article = ArticlePageFactory.build(title=title, slug="hoc-bong")
    article.live = False
    parent.add_child(instance=article)
    article.sections = list(targets)
    article.save_revision().publish()
    return ArticlePage.objects.get(pk=article.pk)


def shown(client, section):
    return TITLE in client.get(section.url).content.decode()


def in_feed(client, section):
    feed = feedparser.parse(client.get(f"{section.url}rss/").content)
    return TITLE in [entry.title for entry in feed.entries]


def test_another_units_section_shows_the_article_only_once_that_unit_accepts(
    client, news, sections, django_capture_on_commit_callbacks
):
    own, sibling = sections
    approver = person(news.tree.sibling, Role.APPROVER, "duyet@camau.example.vn")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        article = publish(own, sibling)

    listing = SectionListing.objects.get(article=article)
    assert (listing.unit, listing.from_unit, listing.state) == (
        news.tree.sibling,
        news.tree.unit,
        ListingState.REQUESTED,
    )
    assert (shown(client, sibling), in_feed(client, sibling)) == (False, False)
    (notice,) = mail.outbox
    assert notice.to == ["duyet@camau.example.vn"]
    assert notice.subject == (
        "[Lantoa] Chờ duyệt: CĐCS Khí Vũng Tàu đề nghị đăng tin vào «Tin hoạt động»"
    )
    assert "Tin chỉ hiện ở đó khi người duyệt của CĐCS Khí Cà Mau nhận." in notice.body

    with django_capture_on_commit_callbacks(execute=True):
        listing_accept(actor=approver, listing=listing)
    assert (shown(client, sibling), in_feed(client, sibling)) == (True, True)

    with django_capture_on_commit_callbacks(execute=True):
        listing_withdraw(actor=approver, listing=listing)
    assert (shown(client, sibling), in_feed(client, sibling)) == (False, False)
    # The sender publishing an edit does not bring it back.
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert SectionListing.objects.get().state == ListingState.WITHDRAWN
    assert not shown(client, sibling)
    assert list(
        AuditLogEntry.objects.filter(action__startswith="newsroom.listing_")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["newsroom.listing_request", "newsroom.listing_accept", "newsroom.listing_withdraw"]


def test_only_the_receiving_units_approvers_accept_and_its_officers_withdraw(news, sections):
    own, sibling = sections
    listing = SectionListing.objects.get(article=publish(own, sibling))
    sender_approver = person(news.tree.unit, Role.APPROVER, "duyet@vungtau.example.vn")
    receiving_officer = person(news.tree.sibling, Role.OFFICER, "tuyengiao@camau.example.vn")
    for actor in (sender_approver, receiving_officer):
        with pytest.raises(PermissionDenied):
            listing_accept(actor=actor, listing=listing)
    with pytest.raises(PermissionDenied):
        listing_withdraw(actor=sender_approver, listing=listing)
    assert SectionListing.objects.get().state == ListingState.REQUESTED

    listing_withdraw(actor=receiving_officer, listing=listing)
    assert SectionListing.objects.get().state == ListingState.WITHDRAWN


def test_the_units_own_sections_list_the_article_at_once(client, news, sections):
    own, _sibling = sections
    other_own = SectionIndexFactory(parent=news.unit_home, title="An toàn lao động")
    publish(own, other_own)
    assert SectionListing.objects.get().state == ListingState.ACCEPTED
    assert shown(client, other_own)
    assert mail.outbox == []


def test_a_site_may_accept_its_parents_listings_automatically(client, news, sections):
    own, sibling = sections
    parent_section = SectionIndexFactory(parent=news.parent_home, title="Tin PV GAS")
    news.sibling_home.accept_parent_listings = True
    news.sibling_home.save_revision().publish()

    from_parent = publish(parent_section, sibling)
    assert SectionListing.objects.get(article=from_parent).state == ListingState.ACCEPTED
    assert shown(client, sibling)

    # A sibling's article still waits.
    from_sibling = publish(own, sibling, title="Tin của đơn vị bạn")
    assert SectionListing.objects.get(article=from_sibling).state == ListingState.REQUESTED


def test_unticking_a_section_removes_the_listing(client, news, sections):
    own, sibling = sections
    article = publish(own, sibling)
    article.sections = []
    article.save_revision().publish()
    assert SectionListing.objects.count() == 0


def test_the_section_picker_names_the_unit_of_every_section(news, sections):
    own, _sibling = sections
    SectionIndexFactory(parent=news.parent_home, title="Tin hoạt động")
    form_class = ArticlePage.get_edit_handler().get_form_class()
    assert issubclass(form_class, ArticlePageForm)
    form = form_class(instance=ArticlePage(), parent_page=own, for_user=UserFactory())
    html = str(form["sections"])

    assert "Tin hoạt động — CĐCS Khí Vũng Tàu" in html
    assert "Tin hoạt động — Công đoàn PV GAS" in html
    assert "Tuyên giáo các cấp — Công đoàn Dầu khí Việt Nam" in html
    # The sibling's sections are not offered to this unit's articles.
    assert "CĐCS Khí Cà Mau" not in html


def test_the_receiving_units_screen_lists_requests_with_accept_and_withdraw(client, news, sections):
    own, sibling = sections
    listing = SectionListing.objects.get(article=publish(own, sibling))
    approver = person(news.tree.sibling, Role.APPROVER, "duyet@camau.example.vn")
    client.force_login(approver)
    page = client.get(reverse("newsroom_listings:index")).content.decode()
    assert TITLE in page
    assert "Tin hoạt động — CĐCS Khí Cà Mau" in page
    assert reverse("newsroom_listings:accept", args=[listing.pk]) in page

    response = client.post(reverse("newsroom_listings:accept", args=[listing.pk]))
    assert response.status_code == 302
    assert SectionListing.objects.get().state == ListingState.ACCEPTED

    # The sender's officer has nothing to decide there.
    client.force_login(person(news.tree.unit, Role.OFFICER, "tuyengiao@vungtau.example.vn"))
    page = client.get(reverse("newsroom_listings:index")).content.decode()
    assert reverse("newsroom_listings:withdraw", args=[listing.pk]) not in page
    response = client.post(reverse("newsroom_listings:withdraw", args=[listing.pk]))
    assert response.status_code == 404
    assert SectionListing.objects.get().state == ListingState.ACCEPTED
