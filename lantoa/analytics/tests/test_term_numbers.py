"""The term in numbers, written into a topic hub through Wagtail's revisions."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision

from lantoa.analytics.periods import Period
from lantoa.analytics.selectors import term_figures
from lantoa.analytics.services.refresh import analytics_refresh
from lantoa.analytics.services.term_numbers import term_number_items, term_numbers_publish
from lantoa.analytics.tests.factories import DeliveryFactory
from lantoa.channels.choices import Platform
from lantoa.channels.tests.factories import ChannelAccountFactory
from lantoa.core.actors import SYSTEM
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.core.models import AuditLogEntry
from lantoa.newsroom.models import TopicHub
from lantoa.newsroom.services import newsroom_permissions_sync
from lantoa.newsroom.tests.factories import TopicHubFactory, UnitSiteHomeFactory
from lantoa.org.choices import Role
from lantoa.org.tests.factories import UserFactory, staff_user

THIS_YEAR = timezone.localdate().year
TERM = Period.years(THIS_YEAR - 1, THIS_YEAR)


def member_of(unit, role):
    user = staff_user(unit, role)
    newsroom_permissions_sync(actor=SYSTEM, users=[user])
    return user


@pytest.fixture
def hub(tree, pages):
    home = UnitSiteHomeFactory(unit=tree.root)
    UnitSiteHomeFactory(unit=tree.sibling, parent=home)
    hub = TopicHubFactory(parent=home)
    channel = ChannelAccountFactory(unit=tree.unit, platform=Platform.FACEBOOK_PAGE, followers=1250)
    for _ in range(3):
        DeliveryFactory(account=channel, sent_at=timezone.now() - dt.timedelta(days=1))
    analytics_refresh(full=True)
    return TopicHub.objects.get(pk=hub.pk)


def test_items_leave_out_what_there_is_no_data_for(hub, tree):
    items = term_number_items(term_figures(tree.root, TERM))

    assert [(i.value, i.label) for i in items] == [
        ("3", "bài đăng trên các kênh mạng xã hội"),
        ("1", "kênh truyền thông đang hoạt động"),
        ("1.250", "người theo dõi các kênh của công đoàn"),
        ("20%", "đơn vị có kênh mạng xã hội đang hoạt động"),
    ]


def test_approver_publishes_the_numbers_block(hub, tree):
    approver = member_of(tree.root, Role.APPROVER)

    term_numbers_publish(actor=approver, hub=hub, period=TERM, publish=True)

    hub.refresh_from_db()
    (block,) = hub.numbers
    assert block.block_type == "numbers"
    assert block.value["heading"] == f"Những con số ấn tượng nhiệm kỳ {THIS_YEAR - 1}–{THIS_YEAR}"
    assert [(i["value"], i["label"]) for i in block.value["items"]][:2] == [
        ("3", "bài đăng trên các kênh mạng xã hội"),
        ("1", "kênh truyền thông đang hoạt động"),
    ]
    assert hub.live_revision == hub.latest_revision
    entry = AuditLogEntry.objects.get(action="analytics.term_numbers_publish")
    assert (entry.actor, entry.unit_path) == (approver, tree.root.path)


def test_officer_saves_a_draft_for_approval(hub, tree):
    officer = member_of(tree.root, Role.OFFICER)

    revision = term_numbers_publish(
        actor=officer, hub=hub, period=TERM, heading="Nhiệm kỳ trong những con số"
    )

    hub.refresh_from_db()
    assert len(hub.numbers) == 0  # the live page is untouched
    assert hub.has_unpublished_changes is True
    draft = revision.as_object()
    assert draft.numbers[0].value["heading"] == "Nhiệm kỳ trong những con số"
    assert revision.user == officer


def test_officer_may_not_publish(hub, tree):
    officer = member_of(tree.root, Role.OFFICER)

    with pytest.raises(PermissionDenied):
        term_numbers_publish(actor=officer, hub=hub, period=TERM, publish=True)

    assert not Revision.page_revisions.filter(object_id=str(hub.pk)).exists()
    assert not AuditLogEntry.objects.filter(action__startswith="analytics.").exists()


def test_an_officer_of_another_unit_may_not_write(hub, tree):
    outsider = member_of(tree.sibling, Role.APPROVER)

    with pytest.raises(PermissionDenied):
        term_numbers_publish(actor=outsider, hub=hub, period=TERM, publish=True)

    assert not Revision.page_revisions.filter(object_id=str(hub.pk)).exists()


def test_a_period_without_data_is_refused(hub, tree):
    with pytest.raises(InvalidInput):
        term_numbers_publish(
            actor=UserFactory(is_superuser=True), hub=hub, period=Period.years(2001, 2002)
        )


def test_screen_previews_then_saves_a_draft(client, hub, tree):
    officer = member_of(tree.root, Role.OFFICER)
    client.force_login(officer)
    params = {"hub": hub.pk, "first": f"{TERM.first:%Y-%m}", "last": f"{TERM.last:%Y-%m}"}
    index = reverse("analytics_term:index")

    preview = client.get(index, params)

    assert preview.status_code == 200
    assert [i.value for i in preview.context["items"]] == ["3", "1", "1.250", "20%"]
    response = client.post(index, {**params, "heading": "", "action": "draft"})
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:edit", args=[hub.pk])
    assert Revision.page_revisions.filter(object_id=str(hub.pk)).count() == 1


def test_the_officer_chooses_and_orders_the_figures_before_publishing(client, hub, tree):
    approver = member_of(tree.root, Role.APPROVER)
    client.force_login(approver)
    params = {"hub": hub.pk, "first": f"{TERM.first:%Y-%m}", "last": f"{TERM.last:%Y-%m}"}
    index = reverse("analytics_term:index")
    page = client.get(index, params).content.decode()
    assert 'name="figure" value="pct_social"' in page
    assert 'name="order_followers" value="3"' in page

    # Leave out the weak percentage; followers first, then posts.
    response = client.post(
        index,
        {
            **params,
            "heading": "",
            "action": "publish",
            "figures_shown": "1",
            "figure": ["posts", "followers", "channels"],
            "order_posts": "2",
            "order_followers": "1",
            "order_channels": "3",
            "order_pct_social": "4",
        },
    )

    assert response.status_code == 302
    hub.refresh_from_db()
    (block,) = hub.numbers
    assert [(i["value"], i["label"]) for i in block.value["items"]] == [
        ("1.250", "người theo dõi các kênh của công đoàn"),
        ("3", "bài đăng trên các kênh mạng xã hội"),
        ("1", "kênh truyền thông đang hoạt động"),
    ]


def test_unticking_every_figure_publishes_nothing(client, hub, tree):
    approver = member_of(tree.root, Role.APPROVER)
    client.force_login(approver)
    params = {"hub": hub.pk, "first": f"{TERM.first:%Y-%m}", "last": f"{TERM.last:%Y-%m}"}
    response = client.post(
        reverse("analytics_term:index"),
        {**params, "heading": "", "action": "publish", "figures_shown": "1"},
    )
    assert "Chọn ít nhất một con số để đăng." in response.content.decode()
    assert not Revision.page_revisions.filter(object_id=str(hub.pk)).exists()
    with pytest.raises(InvalidInput, match="Không có con số: unknown"):
        term_numbers_publish(actor=approver, hub=hub, period=TERM, chosen=["unknown"])


def test_screen_lists_only_the_hubs_of_the_users_units(client, hub, tree):
    client.force_login(member_of(tree.sibling, Role.OFFICER))

    response = client.get(reverse("analytics_term:index"))

    assert response.context["form"].fields["hub"].choices == []
    post = client.post(
        reverse("analytics_term:index"),
        {"hub": hub.pk, "first": "2024-01", "last": "2024-12", "action": "publish"},
    )
    assert post.status_code == 200
    assert post.context["form"].errors["hub"]
    assert not Revision.page_revisions.filter(object_id=str(hub.pk)).exists()


def test_published_numbers_show_on_the_hub(client, hub, tree):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    site.root_page = hub.get_parent()
    site.save()
    term_numbers_publish(actor=UserFactory(is_superuser=True), hub=hub, period=TERM, publish=True)

    html = client.get(hub.get_url()).content.decode()

    assert f"Những con số ấn tượng nhiệm kỳ {THIS_YEAR - 1}–{THIS_YEAR}" in html
    assert "1.250" in html
    assert "người theo dõi các kênh của công đoàn" in html


def test_events_and_programmes_count_in_the_term(hub, tree, django_capture_on_commit_callbacks):
    """Through the monthly facts: what the events app announces marks the
    unit-months, the next refresh counts them."""
    from lantoa.events.services import attendance
    from lantoa.events.tests.factories import event_approved, programme, register, session
    from lantoa.org.tests.factories import MemberFactory

    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        event = event_approved(
            tree.unit,
            title="Tọa đàm An toàn lao động",
            starts_at=now - dt.timedelta(hours=1),
            ends_at=now + dt.timedelta(hours=2),
            registration_closes_at=now + dt.timedelta(hours=1),
        )
    for _ in range(2):
        code = register(event, MemberFactory(unit=tree.child)).code
        with django_capture_on_commit_callbacks(execute=True):
            attendance.checkin_record(actor=SYSTEM, event=event, code=code)
    with django_capture_on_commit_callbacks(execute=True):
        session(programme(tree.root), tree.unit, participants=42)
    before = term_figures(tree.root, TERM).events
    assert (before.events_held, before.attendees, before.session_participants) == (0, 0, 0)

    assert analytics_refresh().full is False
    items = {i.key: (i.value, i.label) for i in term_number_items(term_figures(tree.root, TERM))}

    assert items["events_held"] == ("1", "sự kiện, tọa đàm được tổ chức")
    assert items["event_attendees"] == ("2", "lượt đoàn viên được điểm danh tham dự sự kiện")
    assert items["programme_participants"] == (
        "42",
        "lượt người tham gia thể dục giữa giờ, thăm hỏi và các chương trình",
    )
    elsewhere = term_figures(tree.uncle, TERM).events
    assert (elsewhere.events_held, elsewhere.attendees, elsewhere.sessions) == (0, 0, 0)
