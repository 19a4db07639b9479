"""The clipping inbox fed by outlets' RSS/Atom, against a local feed server
(real HTTP on 127.0.0.1)."""

import datetime as dt
import uuid

import pytest

from devstack.fakes.pressfeeds import FakePressFeeds
from lantoa.core.exceptions import PermissionDenied
from lantoa.core.models import AuditLogEntry
from lantoa.press.actors import FEEDS_POLL
from lantoa.press.choices import ClippingSource, PressAction, ReleaseState, Tone
from lantoa.press.models import Clipping, FeedItem
from lantoa.press.selectors import coverage_for_campaign
from lantoa.press.services import (
    feed_item_dismiss,
    feed_item_log,
    outlet_feed_read,
    outlets_feeds_read,
)
from lantoa.press.tests.factories import OutletFactory, PressReleaseFactory

pytestmark = pytest.mark.django_db

MAY_2 = dt.datetime(2026, 5, 2, 1, 30, tzinfo=dt.UTC)


@pytest.fixture
def feeds():
    with FakePressFeeds() as fake:
        yield fake


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_new_articles_reach_the_inbox_once(tree, feeds, kind):
    outlet = OutletFactory(unit=tree.unit, feed_url=feeds.feed_url("laodong", kind))
    feeds.add_item(
        "laodong",
        title="CĐCS Khí Vũng Tàu ra quân Tháng Công nhân",
        link="https://laodong.example.vn/a.html?utm_source=rss",
        summary="Hơn 500 đoàn viên tham gia.",
        published=MAY_2,
    )
    feeds.add_item("laodong", title="Giá xăng giảm", published=MAY_2 - dt.timedelta(hours=1))
    assert outlet_feed_read(actor=FEEDS_POLL, outlet_id=outlet.pk) == 2
    assert outlet_feed_read(actor=FEEDS_POLL, outlet_id=outlet.pk) == 0  # 304 Not Modified
    feeds.add_item("laodong", title="Bài thứ ba", published=MAY_2 + dt.timedelta(hours=1))
    assert outlet_feed_read(actor=FEEDS_POLL, outlet_id=outlet.pk) == 1
    items = list(FeedItem.objects.values_list("title", "url", "published_at", "matched_terms"))
    assert items[1:] == [
        (
            "CĐCS Khí Vũng Tàu ra quân Tháng Công nhân",
            "https://laodong.example.vn/a.html",
            MAY_2,
            ["cdcs khi vung tau"],
        ),
        ("Giá xăng giảm", items[2][1], MAY_2 - dt.timedelta(hours=1), []),
    ]
    outlet.refresh_from_db()
    assert outlet.feed_error == ""
    assert outlet.feed_checked_at is not None


def test_a_recent_release_title_is_watched(tree, feeds):
    OutletFactory(unit=tree.unit, feed_url=feeds.feed_url("petrotimes"))
    PressReleaseFactory(
        unit=tree.unit,
        title="Hội thao an toàn lao động 2026",
        state=ReleaseState.SENT,
        sent_at=dt.datetime.now(dt.UTC),
    )
    feeds.add_item("petrotimes", title="Sôi nổi Hội thao An toàn lao động 2026 ở Vũng Tàu")
    outlets_feeds_read(actor=FEEDS_POLL)
    assert FeedItem.objects.get().matched_terms == ["hoi thao an toan lao dong 2026"]


def test_an_unreachable_or_broken_feed_is_reported_on_the_outlet(tree, feeds):
    missing = OutletFactory(unit=tree.unit, feed_url=feeds.feed_url("khongco"))
    closed = OutletFactory(unit=tree.unit, feed_url="http://127.0.0.1:9/rss.xml")
    assert outlet_feed_read(actor=FEEDS_POLL, outlet_id=missing.pk) == 0
    assert outlet_feed_read(actor=FEEDS_POLL, outlet_id=closed.pk) == 0
    missing.refresh_from_db()
    closed.refresh_from_db()
    assert missing.feed_error == "Máy chủ trả về mã 404."
    assert closed.feed_error.startswith("Không đọc được RSS/Atom: ")
    assert not FeedItem.objects.exists()


def test_logging_a_feed_item_makes_one_clipping_in_the_campaign(tree, people, feeds):
    campaign = uuid.uuid4()
    outlet = OutletFactory(unit=tree.unit, feed_url=feeds.feed_url("nguoilaodong"), reach=90_000)
    feeds.add_item("nguoilaodong", title="Khí Vũng Tàu chăm lo đoàn viên", published=MAY_2)
    outlet_feed_read(actor=FEEDS_POLL, outlet_id=outlet.pk)
    item = FeedItem.objects.get()
    clipping = feed_item_log(
        actor=people.unit_officer, item=item, tone=Tone.POSITIVE, campaign_ref=campaign
    )
    again = feed_item_log(actor=people.unit_officer, item=item, tone=Tone.NEGATIVE)
    assert again.pk == clipping.pk
    clipping = Clipping.objects.get()
    assert (clipping.source, clipping.tone, clipping.published_on, clipping.unit) == (
        ClippingSource.FEED,
        Tone.POSITIVE,
        dt.date(2026, 5, 2),  # 08:30 in Hanoi
        tree.unit,
    )
    item.refresh_from_db()
    assert item.clipping_id == clipping.pk
    coverage = coverage_for_campaign(actor=people.unit_officer, campaign_ref=campaign)
    assert (coverage.count, coverage.reach) == (1, 90_000)
    assert list(AuditLogEntry.objects.values_list("action", flat=True)) == [
        PressAction.CLIPPING_CREATE
    ]


def test_dismiss_out_of_scope_refused(tree, people, feeds):
    outlet = OutletFactory(unit=tree.unit, feed_url=feeds.feed_url("laodong"))
    feeds.add_item("laodong", title="Bài không liên quan")
    outlet_feed_read(actor=FEEDS_POLL, outlet_id=outlet.pk)
    item = FeedItem.objects.get()
    with pytest.raises(PermissionDenied):
        feed_item_dismiss(actor=people.sibling_officer, item=item)
    item.refresh_from_db()
    assert item.dismissed_at is None
    feed_item_dismiss(actor=people.unit_officer, item=item)
    item.refresh_from_db()
    assert item.dismissed_at is not None
    assert AuditLogEntry.objects.get().action == PressAction.FEED_ITEM_DISMISS
