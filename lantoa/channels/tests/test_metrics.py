"""Pulling figures into snapshots, totals per channel and per unit, broken tokens."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from lantoa.channels.choices import AccountState, DeliveryStatus, Platform
from lantoa.channels.events import METRICS_PULLED
from lantoa.channels.models import ChannelAccount, Delivery, MetricSnapshot
from lantoa.channels.selectors import ChannelTotals, channel_totals, channel_totals_for_unit
from lantoa.channels.services import outbox, posts
from lantoa.channels.services.metrics import metrics_pull_account, metrics_pull_all
from lantoa.channels.tests.factories import ChannelAccountFactory, PostFactory
from lantoa.core import periodic
from lantoa.core.testing import hearing
from lantoa.org.tests.factories import OrgUnitFactory

LINK = "https://congdoandaukhi.example.vn/tin/so-lieu"


def _sent(officer, unit, account, text="Tin số liệu"):
    post = posts.post_create(actor=officer, unit=unit, text=text, link=LINK)
    (delivery,) = posts.post_schedule(actor=officer, post=post, accounts=[account])
    outbox.delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    return delivery


def test_facebook_post_figures_and_followers(
    officer, unit, facebook_account, fake_facebook, django_capture_on_commit_callbacks
):
    delivery = _sent(officer, unit, facebook_account)
    fake_facebook.set_engagement(
        delivery.external_id, reactions={"like": 10, "care": 2}, shares=3, media_views=250
    )
    fake_facebook.add_comment(delivery.external_id, "Hay", {"id": "601", "name": "A"})
    with hearing(METRICS_PULLED) as heard, django_capture_on_commit_callbacks(execute=True):
        assert metrics_pull_account(account_id=facebook_account.pk) == 2
    (event,) = heard
    assert event.payload == {
        "account_id": facebook_account.pk,
        "unit_id": unit.pk,
        "delivery_ids": [delivery.pk],
        "followers": True,
        "taken_at": MetricSnapshot.objects.first().taken_at.isoformat(),
    }
    channel = MetricSnapshot.objects.get(delivery=None)
    assert (channel.followers, channel.account) == (1610, facebook_account)
    post = MetricSnapshot.objects.get(delivery=delivery)
    assert (post.reach, post.reactions, post.comments, post.shares) == (250, 12, 1, 3)
    assert post.raw["external_id"] == delivery.external_id
    assert ChannelAccount.objects.get(pk=facebook_account.pk).followers == 1610


def test_telegram_channel_members(officer, unit, telegram_account, fake_telegram):
    _sent(officer, unit, telegram_account)
    assert metrics_pull_account(account_id=telegram_account.pk) == 1  # no per-post figures
    snapshot = MetricSnapshot.objects.get()
    assert snapshot.delivery is None
    channel = fake_telegram.chats[fake_telegram.DEFAULT_CHANNEL_ID]
    assert snapshot.followers == channel.member_count == 1234


def test_zalo_followers_and_article_views(officer, unit, zalo_account, fake_zalo):
    delivery = _sent(officer, unit, zalo_account, text="Tin số liệu\nNội dung bài")
    fake_zalo.articles[delivery.external_id].update(total_view=900, total_share=12)
    assert metrics_pull_account(account_id=zalo_account.pk) == 2
    assert MetricSnapshot.objects.get(delivery=None).followers == 3
    post = MetricSnapshot.objects.get(delivery=delivery)
    assert (post.reach, post.shares, post.reactions) == (900, 12, None)


def test_viber_subscribers(viber_account, fake_viber):
    assert metrics_pull_account(account_id=viber_account.pk) == 1
    assert MetricSnapshot.objects.get().followers == 2


def test_old_posts_are_no_longer_read(officer, unit, facebook_account, fake_facebook, settings):
    settings.LANTOA_METRICS_POST_DAYS = 7
    delivery = _sent(officer, unit, facebook_account)
    Delivery.objects.filter(pk=delivery.pk).update(sent_at=timezone.now() - dt.timedelta(days=8))
    assert metrics_pull_account(account_id=facebook_account.pk) == 1  # followers only
    assert not MetricSnapshot.objects.filter(delivery=delivery).exists()


def test_expired_token_during_pull_breaks_the_channel_and_notifies_keeping_deliveries(
    officer, unit, facebook_account, fake_facebook, django_capture_on_commit_callbacks
):
    waiting = posts.post_schedule(
        actor=officer,
        post=posts.post_create(actor=officer, unit=unit, text="Chờ đăng"),
        accounts=[facebook_account],
        at=timezone.now() + dt.timedelta(hours=5),
    )[0]
    fake_facebook.expire_token(fake_facebook.PAGE_TOKEN)
    with django_capture_on_commit_callbacks(execute=True):
        assert metrics_pull_account(account_id=facebook_account.pk) == 0
    account = ChannelAccount.objects.get(pk=facebook_account.pk)
    assert account.state == AccountState.BROKEN
    assert "190/463" in account.last_error
    assert mail.outbox[-1].to == ["tuyengiao@pvgas.example.vn"]
    assert "mất kết nối" in mail.outbox[-1].subject
    waiting.refresh_from_db()
    assert waiting.status == DeliveryStatus.SCHEDULED  # paused with its channel, not dropped
    assert MetricSnapshot.objects.count() == 0
    # A broken channel is not read again until it is reconnected.
    assert metrics_pull_account(account_id=facebook_account.pk) == 0


def test_outage_during_pull_changes_nothing(
    facebook_account, fake_facebook, django_capture_on_commit_callbacks
):
    fake_facebook.faults.update({"force_errors": 1})
    with hearing(METRICS_PULLED) as heard, django_capture_on_commit_callbacks(execute=True):
        assert metrics_pull_account(account_id=facebook_account.pk) == 0
    assert heard == []  # nothing read, nothing announced
    account = ChannelAccount.objects.get(pk=facebook_account.pk)
    assert (account.state, account.last_error) == (AccountState.ACTIVE, "")
    assert metrics_pull_account(account_id=facebook_account.pk) == 1  # next round works


def test_pull_all_reads_every_active_social_channel(
    officer, unit, facebook_account, viber_account, fake_facebook, fake_viber
):
    ChannelAccountFactory(unit=unit, platform=Platform.EMAIL_LIST, external_id="ds@pvgas.vn")
    ChannelAccountFactory(
        unit=unit, platform=Platform.FACEBOOK_PAGE, external_id="1", state=AccountState.PAUSED
    )
    assert metrics_pull_all() == 2  # the immediate task backend runs each pull at once
    assert set(MetricSnapshot.objects.values_list("account_id", flat=True)) == {
        facebook_account.pk,
        viber_account.pk,
    }


def test_pull_is_registered_as_a_periodic_job(settings):
    job = next(j for j in periodic.jobs() if j.name == "channels.metrics_pull")
    assert job.every_seconds == settings.LANTOA_METRICS_INTERVAL_SECONDS
    assert "channels.inbound_sweep" in {j.name for j in periodic.jobs()}


# -- totals -----------------------------------------------------------------------


def _snapshot(account, delivery, taken_at, **figures):
    return MetricSnapshot.objects.create(
        account=account, delivery=delivery, taken_at=taken_at, **figures
    )


def _delivery(account, sent_at, n):
    post = PostFactory(unit=account.unit)
    return Delivery.objects.create(
        post=post,
        account=account,
        status=DeliveryStatus.SENT,
        marker=f"mk{account.pk}-{n}",
        external_id=f"ext-{account.pk}-{n}",
        sent_at=sent_at,
    )


@pytest.fixture
def figures(db):
    """Two channels under the union, one under its child, one at a sibling."""
    root = OrgUnitFactory(code="CDDK")
    union = OrgUnitFactory(parent=root, code="PVGAS")
    child = OrgUnitFactory(parent=union, code="PVGAS-CM")
    sibling = OrgUnitFactory(parent=root, code="BSR")
    now = timezone.now()
    accounts = {
        "fb": ChannelAccountFactory(unit=union, platform=Platform.FACEBOOK_PAGE, followers=1000),
        "zalo": ChannelAccountFactory(unit=union, platform=Platform.ZALO_OA, followers=300),
        "child": ChannelAccountFactory(unit=child, platform=Platform.FACEBOOK_PAGE, followers=50),
        "sibling": ChannelAccountFactory(
            unit=sibling, platform=Platform.FACEBOOK_PAGE, followers=9999
        ),
    }
    fb_new = _delivery(accounts["fb"], now - dt.timedelta(days=2), 1)
    _snapshot(accounts["fb"], fb_new, now - dt.timedelta(days=1), reach=100, reactions=5)
    _snapshot(accounts["fb"], fb_new, now, reach=180, reactions=9, comments=2, shares=1)
    fb_old = _delivery(accounts["fb"], now - dt.timedelta(days=40), 2)  # before the period
    _snapshot(accounts["fb"], fb_old, now, reach=5000)
    zalo = _delivery(accounts["zalo"], now - dt.timedelta(days=3), 1)
    _snapshot(accounts["zalo"], zalo, now, reach=70, shares=4)
    unread = _delivery(accounts["zalo"], now - dt.timedelta(days=1), 2)  # no snapshot yet
    child_post = _delivery(accounts["child"], now - dt.timedelta(days=5), 1)
    _snapshot(accounts["child"], child_post, now, reach=20, reactions=1)
    sibling_post = _delivery(accounts["sibling"], now - dt.timedelta(days=1), 1)
    _snapshot(accounts["sibling"], sibling_post, now, reach=777777)
    return {
        "union": union,
        "child": child,
        "accounts": accounts,
        "since": now - dt.timedelta(days=30),
        "unread": unread,
    }


def test_channel_totals_use_the_newest_figures_of_posts_in_the_period(figures):
    totals = channel_totals(figures["accounts"]["fb"], figures["since"])
    assert totals == ChannelTotals(
        posts=1, reach=180, reactions=9, comments=2, shares=1, followers=1000
    )


def test_unit_totals_roll_up_the_subtree_and_nothing_else(figures):
    result = channel_totals_for_unit(figures["union"], figures["since"])
    assert result.total == ChannelTotals(
        posts=4, reach=270, reactions=10, comments=2, shares=5, followers=1350
    )
    assert [row.account_id for row in result.channels] == [
        figures["accounts"]["fb"].pk,
        figures["accounts"]["zalo"].pk,
        figures["accounts"]["child"].pk,
    ]
    assert result.by_platform()[Platform.ZALO_OA] == ChannelTotals(
        posts=2, reach=70, shares=4, followers=300
    )
    child = channel_totals_for_unit(figures["child"], figures["since"])
    assert child.total == ChannelTotals(posts=1, reach=20, reactions=1, followers=50)


# -- figures where the post is; "Cập nhật số liệu"; the first read after sending ------


def test_a_sent_post_is_read_again_shortly_after_it_went_out(
    officer, unit, facebook_account, fake_facebook, django_capture_on_commit_callbacks, settings
):
    settings.LANTOA_METRICS_FIRST_PULL_SECONDS = 0  # the immediate test backend runs it now
    post = posts.post_create(actor=officer, unit=unit, text="Tin mới", link=LINK)
    (delivery,) = posts.post_schedule(actor=officer, post=post, accounts=[facebook_account])
    with django_capture_on_commit_callbacks(execute=True):
        outbox.delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert MetricSnapshot.objects.filter(delivery=delivery).count() == 1


def test_the_post_page_shows_each_channels_figures_and_refreshes_them(
    client, officer, unit, facebook_account, fake_facebook, django_capture_on_commit_callbacks
):
    from django.core.cache import cache
    from django.urls import reverse

    from lantoa.core.models import AuditLogEntry
    from lantoa.org.services import sync_admin_access

    cache.clear()  # the once-a-minute guard lives in the cache
    sync_admin_access(officer)
    client.force_login(officer)
    delivery = _sent(officer, unit, facebook_account)
    page_url = reverse("channels_posts:inspect", args=[delivery.post_id])
    page = client.get(page_url).content.decode()
    assert "Chưa có số liệu" in page
    refresh = reverse("channels_posts:metrics_refresh", args=[delivery.post_id])
    assert f'action="{refresh}"' in page

    fake_facebook.set_engagement(
        delivery.external_id, reactions={"like": 7}, shares=2, media_views=90
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(refresh, {"next": page_url}, follow=True)
    assert "Đang cập nhật số liệu từ 1 kênh" in response.content.decode()
    page = client.get(page_url).content.decode()
    assert '<td data-figure="reach">90</td>' in page
    assert '<td data-figure="reactions">7</td>' in page
    assert '<td data-figure="shares">2</td>' in page
    inspect = client.get(reverse("channels_deliveries:inspect", args=[delivery.pk]))
    assert '<dd data-figure="reach">90</dd>' in inspect.content.decode()

    # Asked again within the minute: nothing is read twice, but it is recorded.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(refresh)
    assert len(callbacks) == 0
    assert MetricSnapshot.objects.filter(delivery=delivery).count() == 1
    assert AuditLogEntry.objects.filter(action="channels.post_metrics_refresh").count() == 2


def test_the_dev_stack_reads_figures_every_few_minutes():
    from lantoa.settings import dev

    assert dev.LANTOA_METRICS_INTERVAL_SECONDS <= 600
    assert dev.LANTOA_METRICS_FIRST_PULL_SECONDS <= 120
