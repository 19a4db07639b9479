"""The content calendar: planned ≠ scheduled ≠ published, across articles,
deliveries and plan items of the user's scope; filters; grids; views; and
query counts that do not grow with the number of items."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lantoa.campaigns.choices import CalendarChannel, CalendarState, ItemKind
from lantoa.campaigns.models import CampaignItem
from lantoa.campaigns.selectors_calendar import (
    CalendarFilters,
    calendar_entries,
    local_bounds,
    month_weeks,
    week_days,
)
from lantoa.campaigns.tests.factories import CampaignFactory, PlanItemFactory
from lantoa.channels.choices import DeliveryStatus, Platform
from lantoa.channels.models import Delivery
from lantoa.channels.tests.factories import ChannelAccountFactory, PostFactory
from lantoa.newsroom.tests.factories import ArticlePageFactory
from lantoa.org.services import sync_admin_access

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def at(days: int, hour: int = 9) -> dt.datetime:
    zone = timezone.get_current_timezone()
    return dt.datetime.combine(TODAY + dt.timedelta(days=days), dt.time(hour), tzinfo=zone)


def window():
    return local_bounds(TODAY - dt.timedelta(days=3), TODAY + dt.timedelta(days=10))


_markers = iter(range(10_000))


def delivery(account, status, when, text="Bài đăng"):
    post = PostFactory(unit=account.unit, text=text)
    fields = {"scheduled_at": when, "next_attempt_at": when}
    if status == DeliveryStatus.SENT:
        fields = {"sent_at": when}
    return Delivery.objects.create(
        post=post, account=account, status=status, marker=f"m{next(_markers)}", **fields
    )


@pytest.fixture
def items(tree, people, unit_section, news):
    campaign = CampaignFactory(unit=tree.root, name="Tháng Công nhân")
    facebook = ChannelAccountFactory(unit=tree.unit, platform=Platform.FACEBOOK_PAGE)
    telegram = ChannelAccountFactory(unit=tree.unit, platform=Platform.TELEGRAM_CHANNEL)
    sibling_channel = ChannelAccountFactory(unit=tree.sibling)

    plan = PlanItemFactory(
        unit=tree.unit, title="Kế hoạch: gương thợ giỏi", due_at=at(1), campaign=campaign,
        assignee=people.unit_officer,
    )  # fmt: skip
    PlanItemFactory(unit=tree.sibling, title="Kế hoạch của Cà Mau", due_at=at(1))
    scheduled_article = ArticlePageFactory(
        parent=unit_section, title="Tin hẹn giờ", live=False, first_published_at=None,
        last_published_at=None, go_live_at=at(2, 7),
    )  # fmt: skip
    scheduled_article.save_revision().publish()
    published_article = ArticlePageFactory(
        parent=unit_section, title="Tin đã đăng", first_published_at=at(-1, 8)
    )
    CampaignItem.objects.create(
        campaign=campaign, unit=tree.unit, kind=ItemKind.ARTICLE,
        content_type=ContentType.objects.get_for_model(published_article),
        object_id=published_article.pk,
    )  # fmt: skip
    waiting = delivery(facebook, DeliveryStatus.SCHEDULED, at(3, 20), "Bài Facebook hẹn giờ")
    sent = delivery(telegram, DeliveryStatus.SENT, at(-2, 15), "Bài Telegram đã đăng")
    delivery(sibling_channel, DeliveryStatus.SENT, at(-2, 16), "Bài của Cà Mau")
    return {
        "campaign": campaign,
        "plan": plan,
        "scheduled_article": scheduled_article,
        "published_article": published_article,
        "waiting": waiting,
        "sent": sent,
        "facebook": facebook,
    }


def _summary(result):
    return [(e.kind, e.state, e.channel, e.title) for e in result.entries]


def test_planned_scheduled_and_published_are_told_apart(tree, people, items):
    start, end = window()
    result = calendar_entries(people.unit_officer, start=start, end=end)

    assert _summary(result) == [
        ("delivery", CalendarState.PUBLISHED, Platform.TELEGRAM_CHANNEL, "Bài Telegram đã đăng"),
        ("article", CalendarState.PUBLISHED, CalendarChannel.WEBSITE, "Tin đã đăng"),
        ("plan", CalendarState.PLANNED, CalendarChannel.WEBSITE, "Kế hoạch: gương thợ giỏi"),
        ("article", CalendarState.SCHEDULED, CalendarChannel.WEBSITE, "Tin hẹn giờ"),
        ("delivery", CalendarState.SCHEDULED, Platform.FACEBOOK_PAGE, "Bài Facebook hẹn giờ"),
    ]
    assert result.truncated is False
    assert result.counts() == {"planned": 1, "scheduled": 2, "published": 2}
    plan_entry = result.entries[2]
    assert plan_entry.assignee == "Nguyễn Văn"
    assert plan_entry.detail == "Tháng Công nhân"
    assert plan_entry.local_day == TODAY + dt.timedelta(days=1)


def test_the_parent_sees_both_units_and_the_sibling_only_its_own(tree, people, items):
    start, end = window()
    parent_titles = {
        e.title for e in calendar_entries(people.parent_officer, start=start, end=end).entries
    }
    sibling_titles = {
        e.title for e in calendar_entries(people.sibling_officer, start=start, end=end).entries
    }

    assert {"Kế hoạch của Cà Mau", "Bài của Cà Mau", "Tin hẹn giờ"} <= parent_titles
    assert sibling_titles == {"Kế hoạch của Cà Mau", "Bài của Cà Mau"}


@pytest.mark.parametrize(
    ("filters", "titles"),
    [
        ({"state": CalendarState.PLANNED}, ["Kế hoạch: gương thợ giỏi"]),
        ({"state": CalendarState.SCHEDULED}, ["Tin hẹn giờ", "Bài Facebook hẹn giờ"]),
        ({"channel": CalendarChannel.FACEBOOK_PAGE}, ["Bài Facebook hẹn giờ"]),
        (
            {"channel": CalendarChannel.WEBSITE},
            ["Tin đã đăng", "Kế hoạch: gương thợ giỏi", "Tin hẹn giờ"],
        ),
        ("campaign", ["Tin đã đăng", "Kế hoạch: gương thợ giỏi"]),
        ("child", []),
    ],
)
def test_filters(tree, people, items, filters, titles):
    if filters == "campaign":
        filters = {"campaign": items["campaign"]}
    elif filters == "child":
        filters = {"unit": tree.child}
    start, end = window()
    result = calendar_entries(
        people.unit_officer, start=start, end=end, filters=CalendarFilters(**filters)
    )
    assert [e.title for e in result.entries] == titles


def test_a_full_window_is_truncated_not_unbounded(tree, people, items):
    start, end = window()
    result = calendar_entries(people.unit_officer, start=start, end=end, limit=2)
    assert len(result.entries) == 2
    assert result.truncated is True


def test_query_count_does_not_grow_with_items(tree, people, items, django_assert_num_queries):
    start, end = window()
    calendar_entries(people.unit_officer, start=start, end=end)  # warms the scope cache
    for n in range(15):
        PlanItemFactory(unit=tree.child, due_at=at(4), title=f"Thêm {n}")
        delivery(items["facebook"], DeliveryStatus.SENT, at(-1, 10), f"Đã đăng {n}")
    with django_assert_num_queries(5):
        result = calendar_entries(people.unit_officer, start=start, end=end)
    assert result.counts() == {"planned": 16, "scheduled": 2, "published": 17}


def test_month_and_week_grids():
    may = month_weeks(2026, 5)
    assert (may[0][0], may[-1][-1], len(may)) == (dt.date(2026, 4, 27), dt.date(2026, 5, 31), 5)
    february = month_weeks(2027, 2)
    assert (february[0][0], len(february)) == (dt.date(2027, 2, 1), 4)
    december = month_weeks(2026, 12)
    assert december[-1][-1] == dt.date(2027, 1, 3)
    assert week_days(dt.date(2026, 5, 3)) == [
        dt.date(2026, 4, 27) + dt.timedelta(days=i) for i in range(7)
    ]


# ------------------------------------------------------------------------ views


def _login(client, user):
    sync_admin_access(user)
    client.force_login(user)


def test_month_view_shows_the_entries_in_their_days(client, tree, people, items):
    _login(client, people.unit_officer)
    tomorrow = TODAY + dt.timedelta(days=1)
    response = client.get("/admin/chien-dich/lich/", {"thang": tomorrow.strftime("%Y-%m")})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-view="month"' in html
    cells = {cell["day"]: cell for week in response.context["rows"] for cell in week}
    assert [e.title for e, _, _ in cells[tomorrow]["entries"]] == ["Kế hoạch: gương thợ giỏi"]
    assert "Kế hoạch: gương thợ giỏi" in html
    assert "Bài của Cà Mau" not in html


def test_week_view_and_filters(client, tree, people, items):
    _login(client, people.unit_officer)
    week = client.get(
        "/admin/chien-dich/lich/tuan/", {"ngay": (TODAY + dt.timedelta(days=1)).isoformat()}
    )
    assert week.status_code == 200
    assert 'data-view="week"' in week.content.decode()
    assert "Kế hoạch: gương thợ giỏi" in week.content.decode()

    planned = client.get(
        "/admin/chien-dich/lich/tuan/", {"ngay": TODAY.isoformat(), "state": "planned"}
    )
    titles = [e.title for row in planned.context["rows"] for c in row for e, _, _ in c["entries"]]
    assert set(titles) <= {"Kế hoạch: gương thợ giỏi"}

    outside = client.get("/admin/chien-dich/lich/", {"unit": tree.sibling.code})
    assert outside.context["filters_invalid"] is True
    assert sum(outside.context["counts"].values()) == 0


def test_the_month_view_costs_the_same_queries_with_more_items(client, tree, people, items):
    _login(client, people.unit_officer)
    month = {"thang": TODAY.strftime("%Y-%m")}
    client.get("/admin/chien-dich/lich/", month)
    with CaptureQueriesContext(connection) as before:
        client.get("/admin/chien-dich/lich/", month)
    for n in range(12):
        PlanItemFactory(unit=tree.child, due_at=at(0, 11), title=f"Thêm {n}")
        delivery(items["facebook"], DeliveryStatus.SCHEDULED, at(0, 12), f"Hẹn {n}")
    with CaptureQueriesContext(connection) as after:
        client.get("/admin/chien-dich/lich/", month)
    assert len(after.captured_queries) == len(before.captured_queries)
