"""The channels back office, through the Django test client, against the
Telegram fake (real HTTP on 127.0.0.1): connecting a channel by pasting its
token, composing with a per-channel preview, scheduling, the queue's one-click
actions, and that a token is never shown back."""

import copy
import datetime as dt
import io
import json
import logging.config

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from devstack.fakes import FakeTelegram
from lantoa.channels.choices import AccountState, AttemptOutcome, DeliveryStatus, Platform
from lantoa.channels.models import ChannelAccount, Delivery, Post
from lantoa.channels.services import outbox, posts
from lantoa.channels.services.credentials import account_view
from lantoa.channels.tests.factories import ChannelAccountFactory
from lantoa.channels.tests.sending import send_callbacks_expected
from lantoa.core.actors import SYSTEM
from lantoa.core.models import AuditLogEntry
from lantoa.org.choices import Role
from lantoa.org.tests import conftest as org_conftest
from lantoa.org.tests.factories import UserFactory, staff_user
from lantoa.settings import base as base_settings

tree = org_conftest.tree  # the org tests' unit tree fixture (root … sibling, uncle)
TOKEN = FakeTelegram.DEFAULT_TOKEN
CHANNEL_ID = str(FakeTelegram.DEFAULT_CHANNEL_ID)
ACCOUNTS = "channels_accounts"
POSTS = "channels_posts"
DELIVERIES = "channels_deliveries"


def url(name, *args):
    return reverse(name, args=args)


def officer_of(unit, role=Role.OFFICER):
    return staff_user(unit, role)


@pytest.fixture
def officer(tree):
    return officer_of(tree.unit)


@pytest.fixture
def admin_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def approver_client(client, tree):
    """The unit's approver: their own posts go straight out."""
    client.force_login(officer_of(tree.unit, Role.APPROVER))
    return client


@pytest.fixture
def channel(tree, fake_telegram):
    return ChannelAccountFactory(
        unit=tree.unit,
        name="Lantoa demo",
        external_id=CHANNEL_ID,
        credentials={"bot_token": TOKEN, "webhook_secret": "webhook-s3cret"},
    )


def html(response):
    return response.content.decode()


def send_now(delivery):
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    outbox.delivery_send(delivery_id=delivery.pk)
    return Delivery.objects.get(pk=delivery.pk)


def queued(channel, text="Thông báo Tháng Công nhân"):
    post = posts.post_create(actor=SYSTEM, unit=channel.unit, text=text)
    (delivery,) = posts.post_schedule(actor=SYSTEM, post=post, accounts=[channel])
    return delivery


def posted(fake):
    return fake.posts.all(include_deleted=False)


# ---- the menu -----------------------------------------------------------------------


def test_the_menu_group_offers_channels_posts_and_queue(admin_client):
    page = html(admin_client.get(reverse("wagtailadmin_home")))
    # The sidebar is JSON in the page, so its labels are \\u-escaped.
    for label in ("Kênh truyền thông", "Kênh", "Bài đăng", "Hàng đợi"):
        assert json.dumps(label)[1:-1] in page
    for name in (ACCOUNTS, POSTS, DELIVERIES):
        assert f'"url": "{url(f"{name}:index")}"' in page


def test_a_member_without_a_role_is_sent_to_the_login(client, tree):
    client.force_login(UserFactory())
    response = client.get(url(f"{ACCOUNTS}:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


# ---- connecting a channel -------------------------------------------------------------


def connect_data(unit, **overrides):
    data = {
        "unit": unit.code,
        "platform": Platform.TELEGRAM_CHANNEL,
        "external_id": "@lantoa_demo",
        "token": TOKEN,
    }
    return {**data, **overrides}


def test_connecting_a_channel_verifies_the_pasted_token(admin_client, tree, fake_telegram):
    response = admin_client.post(url(f"{ACCOUNTS}:add"), connect_data(tree.unit))

    account = ChannelAccount.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(f"{ACCOUNTS}:inspect", account.pk)
    # Name and id come from the platform, not from what was typed.
    assert (account.name, account.external_id) == ("Lantoa demo", CHANNEL_ID)
    assert (account.unit, account.platform, account.state) == (
        tree.unit,
        Platform.TELEGRAM_CHANNEL,
        AccountState.ACTIVE,
    )
    credentials = account_view(account).credentials
    # The token, and the webhook secret Lantoa made and gave Telegram (setWebhook).
    assert set(credentials) == {"bot_token", "webhook_secret"}
    assert credentials["bot_token"] == TOKEN
    assert fake_telegram.bots[TOKEN].secret_token == credentials["webhook_secret"]
    assert TOKEN not in account.credentials_encrypted
    entry = AuditLogEntry.objects.get(action="channels.account_connect")
    assert entry.data == {"platform": "telegram_channel", "external_id": CHANNEL_ID}
    page = html(admin_client.get(response["Location"]))
    assert "Lantoa demo" in page
    assert TOKEN not in page


def test_a_token_the_platform_refuses_is_explained_and_nothing_is_stored(
    admin_client, tree, fake_telegram
):
    revoked = "987654321:AAHrevokedTokenForLantoaTests00000000"
    fake_telegram.revoke_token(revoked)

    response = admin_client.post(url(f"{ACCOUNTS}:add"), connect_data(tree.unit, token=revoked))

    assert response.status_code == 200
    page = html(response)
    assert "Nền tảng từ chối kết nối: Unauthorized" in page
    assert revoked not in page  # not even in the re-rendered form
    assert ChannelAccount.objects.count() == 0
    assert AuditLogEntry.objects.filter(action__startswith="channels.").count() == 0


@pytest.mark.parametrize("channel", ["@kenh_chua_them_bot", "-1009999999999"])
def test_a_telegram_channel_the_bot_was_not_added_to_is_refused(
    admin_client, tree, fake_telegram, channel
):
    response = admin_client.post(
        url(f"{ACCOUNTS}:add"), connect_data(tree.unit, external_id=channel)
    )

    assert response.status_code == 200
    assert (
        "Telegram không tìm thấy kênh này: kiểm tra mã kênh (@ten_kenh hoặc -100…) và "
        "thêm bot làm quản trị viên của kênh." in html(response)
    )
    assert ChannelAccount.objects.count() == 0


def test_connecting_needs_a_token_and_the_channel_id(admin_client, tree, fake_telegram):
    response = admin_client.post(
        url(f"{ACCOUNTS}:add"), connect_data(tree.unit, token="", external_id="")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["token"] == ["Dán token mà telegram_channel cấp cho kênh."]
    assert errors["external_id"] == ["Nền tảng này cần mã kênh hoặc địa chỉ."]
    assert ChannelAccount.objects.count() == 0


def test_a_unit_outside_the_scope_cannot_be_chosen(admin_client, tree, fake_telegram):
    response = admin_client.post(url(f"{ACCOUNTS}:add"), connect_data(tree.sibling))
    assert response.status_code == 200
    assert response.context["form"].errors["unit"] == [
        "Không có đơn vị mã «KCM» trong phạm vi của bạn."
    ]
    assert ChannelAccount.objects.count() == 0


def test_reconnecting_a_broken_channel_keeps_the_other_secrets(admin_client, channel):
    ChannelAccount.objects.filter(pk=channel.pk).update(
        state=AccountState.BROKEN, last_error="Unauthorized"
    )
    reconnect = url(f"{ACCOUNTS}:reconnect", channel.pk)
    assert "Unauthorized" in html(admin_client.get(reconnect))

    response = admin_client.post(reconnect, {"token": TOKEN})

    assert response.status_code == 302
    channel.refresh_from_db()
    assert (channel.state, channel.last_error) == (AccountState.ACTIVE, "")
    assert account_view(channel).credentials == {
        "bot_token": TOKEN,
        "webhook_secret": "webhook-s3cret",
    }
    assert AuditLogEntry.objects.filter(action="channels.account_credentials").count() == 1


def test_a_refused_new_token_leaves_the_channel_as_it_was(admin_client, channel, fake_telegram):
    revoked = "987654321:AAHrevokedTokenForLantoaTests00000000"
    fake_telegram.revoke_token(revoked)
    before = ChannelAccount.objects.get(pk=channel.pk).credentials_encrypted

    response = admin_client.post(url(f"{ACCOUNTS}:reconnect", channel.pk), {"token": revoked})

    assert response.status_code == 200
    assert "Nền tảng từ chối kết nối: Unauthorized" in html(response)
    assert revoked not in html(response)
    assert ChannelAccount.objects.get(pk=channel.pk).credentials_encrypted == before


def test_pause_and_resume(admin_client, channel):
    admin_client.post(url(f"{ACCOUNTS}:pause", channel.pk))
    assert ChannelAccount.objects.get(pk=channel.pk).state == AccountState.PAUSED
    page = html(admin_client.get(url(f"{ACCOUNTS}:index")))
    assert 'data-state="paused"' in page
    assert "Tạm dừng" in page

    admin_client.post(url(f"{ACCOUNTS}:resume", channel.pk))
    assert ChannelAccount.objects.get(pk=channel.pk).state == AccountState.ACTIVE
    assert list(
        AuditLogEntry.objects.filter(action="channels.account_state")
        .order_by("id")
        .values_list("data", flat=True)
    ) == [{"state": "paused"}, {"state": "active"}]


def test_the_channel_list_shows_state_last_success_and_last_error(admin_client, channel):
    ChannelAccount.objects.filter(pk=channel.pk).update(
        state=AccountState.BROKEN,
        last_success_at=dt.datetime(2026, 4, 28, 2, 5, tzinfo=dt.UTC),
        last_error="Forbidden: bot was kicked from the channel chat",
    )
    page = html(admin_client.get(url(f"{ACCOUNTS}:index")))
    assert 'data-state="broken"' in page
    assert "Lỗi kết nối" in page
    assert "Thứ Ba, 28/4/2026 09:05 (GMT+7)" in page
    assert "Forbidden: bot was kicked from the channel chat" in page


# ---- the token is never shown back ---------------------------------------------------


def test_no_admin_page_shows_a_token(admin_client, channel, fake_telegram):
    sent = send_now(queued(channel))
    ciphertext = ChannelAccount.objects.get(pk=channel.pk).credentials_encrypted
    pages = [
        url(f"{ACCOUNTS}:index"),
        url(f"{ACCOUNTS}:inspect", channel.pk),
        url(f"{ACCOUNTS}:reconnect", channel.pk),
        url(f"{ACCOUNTS}:pause", channel.pk),
        url(f"{ACCOUNTS}:add"),
        url(f"{POSTS}:index"),
        url(f"{POSTS}:inspect", sent.post_id),
        url(f"{POSTS}:add"),
        url(f"{DELIVERIES}:index"),
        url(f"{DELIVERIES}:inspect", sent.pk),
        url(f"{DELIVERIES}:delete_remote", sent.pk),
    ]
    for page_url in pages:
        response = admin_client.get(page_url)
        assert response.status_code == 200, page_url
        page = html(response)
        for secret in (TOKEN, TOKEN.split(":")[1], "webhook-s3cret", ciphertext):
            assert secret not in page, page_url
        assert "bot_token" not in page, page_url


def test_connecting_writes_no_token_to_the_logs(admin_client, tree, fake_telegram):
    """With the logging production runs (INFO and up, to the console), nothing
    written while a channel is connected carries its token: the Bot API puts
    the token in the URL, which HTTP client libraries log at INFO."""
    stream = io.StringIO()
    config = copy.deepcopy(base_settings.LOGGING)
    config["handlers"]["console"]["stream"] = stream
    logging.config.dictConfig(config)
    try:
        admin_client.post(url(f"{ACCOUNTS}:add"), connect_data(tree.unit))
        logging.getLogger("lantoa.channels").info("journal is captured")
    finally:
        logging.config.dictConfig(django_settings.LOGGING)

    assert ChannelAccount.objects.count() == 1
    written = stream.getvalue()
    assert "journal is captured" in written
    assert TOKEN not in written
    assert TOKEN.split(":")[1] not in written


# ---- composing ---------------------------------------------------------------------------


def compose(client, unit, channel, text, link=""):
    data = {"unit": unit.code, "text": text, "link": link, "channels": [channel.pk]}
    return client.post(url(f"{POSTS}:add"), data)


def test_composing_saves_a_draft_and_shows_each_channels_preview(admin_client, tree, channel):
    response = compose(
        admin_client, tree.unit, channel, "Tháng Công nhân 2026", "https://cd.example.vn/a"
    )

    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == (f"{url(f'{POSTS}:inspect', post.pk)}?kenh={channel.public_id}")
    assert (post.unit, post.text, post.link) == (
        tree.unit,
        "Tháng Công nhân 2026",
        "https://cd.example.vn/a",
    )
    assert Delivery.objects.count() == 0  # nothing queued before the preview
    page = html(admin_client.get(response["Location"]))
    assert "Tháng Công nhân 2026\n\nhttps://cd.example.vn/a?lt=xem-truoc" in page
    assert "Hợp lệ với kênh này." in page
    assert f'value="{channel.pk}" checked' in page


def test_a_text_too_long_for_telegram_is_refused_before_anything_is_queued(
    admin_client, tree, channel
):
    compose(admin_client, tree.unit, channel, "a" * 4200)
    post = Post.objects.get()
    detail = url(f"{POSTS}:inspect", post.pk)

    preview = html(admin_client.get(detail))
    assert "Nội dung dài 4200 ký tự, vượt giới hạn 4096 ký tự." in preview
    assert "4200 / 4096 ký tự" in preview
    response = admin_client.post(detail, {"channels": [channel.pk]})

    assert response.status_code == 200
    assert (
        "Telegram Channel: Lantoa demo: Nội dung dài 4200 ký tự, vượt giới hạn 4096 ký tự."
        in html(response)
    )
    assert Delivery.objects.count() == 0
    assert AuditLogEntry.objects.filter(action="channels.post_schedule").count() == 0


def test_a_draft_can_be_shortened_then_posted(admin_client, tree, channel, fake_telegram):
    compose(admin_client, tree.unit, channel, "a" * 4200)
    post = Post.objects.get()
    response = admin_client.post(url(f"{POSTS}:edit", post.pk), {"text": "Ngắn gọn", "link": ""})
    assert response.status_code == 302
    assert Post.objects.get().text == "Ngắn gọn"
    assert AuditLogEntry.objects.filter(action="channels.post_update").count() == 1


def test_posting_now_sends_through_the_outbox(
    approver_client, tree, channel, fake_telegram, django_capture_on_commit_callbacks
):
    compose(approver_client, tree.unit, channel, "Hội thao công nhân", "https://cd.example.vn/b")
    post = Post.objects.get()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = approver_client.post(
            url(f"{POSTS}:inspect", post.pk), {"channels": [channel.pk]}
        )

    assert response.status_code == 302
    assert len(callbacks) == send_callbacks_expected()
    delivery = Delivery.objects.get()
    assert (delivery.post, delivery.account, delivery.status) == (
        post,
        channel,
        DeliveryStatus.SENT,
    )
    (record,) = posted(fake_telegram)
    assert record["text"] == f"Hội thao công nhân\n\nhttps://cd.example.vn/b?lt={delivery.marker}"
    page = html(approver_client.get(response["Location"]))
    assert "Đã đưa 1 lượt gửi vào hàng đợi." in page
    assert 'data-status="sent"' in page


def test_a_time_is_read_in_the_units_zone(approver_client, tree, channel, fake_telegram):
    compose(approver_client, tree.unit, channel, "Hẹn giờ")
    post = Post.objects.get()
    response = approver_client.post(
        url(f"{POSTS}:inspect", post.pk),
        {"channels": [channel.pk], "scheduled_at": "2030-05-01 08:30"},
        follow=True,
    )

    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.SCHEDULED
    assert delivery.scheduled_at == dt.datetime(2030, 5, 1, 1, 30, tzinfo=dt.UTC)
    assert "Đã hẹn giờ 1 lượt gửi lúc Thứ Tư, 1/5/2030 08:30 (GMT+7)." in html(response)
    assert posted(fake_telegram) == []


def test_a_time_in_the_past_is_refused(admin_client, tree, channel):
    compose(admin_client, tree.unit, channel, "Hẹn giờ")
    post = Post.objects.get()
    response = admin_client.post(
        url(f"{POSTS}:inspect", post.pk),
        {"channels": [channel.pk], "scheduled_at": "2020-01-01 08:00"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "scheduled_at": ["Giờ hẹn đã qua; bỏ trống để đăng ngay."]
    }
    assert Delivery.objects.count() == 0


def test_the_preview_offers_the_nearest_channels_first_up_to_a_limit(
    client, tree, channel, monkeypatch
):
    from lantoa.channels import selectors_admin

    monkeypatch.setattr(selectors_admin, "CHANNEL_CHOICE_LIMIT", 2)
    client.force_login(officer_of(tree.parent))  # their scope reaches above the unit too
    below = [ChannelAccountFactory(unit=tree.grandchild, name=f"Tổ ca {n}") for n in (1, 2)]
    above = ChannelAccountFactory(unit=tree.parent, name="Kênh PV GAS")
    post = posts.post_create(actor=SYSTEM, unit=tree.unit, text="Thông báo")

    response = client.get(url(f"{POSTS}:inspect", post.pk))

    offered = [preview.account for preview, _checked in response.context["previews"]]
    assert offered == [channel, above]  # the unit's own, then its parent's
    assert below[0] not in offered
    assert "Chỉ hiện 2 kênh gần đơn vị nhất." in html(response)


def test_previews_read_the_post_once_whatever_the_number_of_channels(admin_client, tree, channel):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lantoa.channels.tests.uploads import png

    post = posts.post_create(actor=SYSTEM, unit=tree.unit, text="Ảnh", media=[png()])
    detail = url(f"{POSTS}:inspect", post.pk)
    admin_client.get(detail)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert admin_client.get(detail).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for n in range(5):
        ChannelAccountFactory(unit=tree.child, name=f"Thêm {n}")
    assert count() == before


def test_images_are_uploaded_with_the_post(admin_client, tree, channel):
    from lantoa.channels.tests.uploads import png

    admin_client.post(
        url(f"{POSTS}:add"),
        {"unit": tree.unit.code, "text": "Ảnh hội thao", "media": [png("a.png"), png("b.png")]},
    )
    post = Post.objects.get()
    assert [(m.kind, m.sort_order) for m in post.media.all()] == [("image", 0), ("image", 1)]


# ---- the queue ---------------------------------------------------------------------------


def test_a_dead_letter_is_sent_again_in_one_click(
    admin_client, channel, fake_telegram, settings, django_capture_on_commit_callbacks
):
    settings.LANTOA_CHANNEL_MAX_ATTEMPTS = 1
    fake_telegram.faults.update({"force_errors": 1})
    delivery = send_now(queued(channel))
    assert delivery.status == DeliveryStatus.FAILED

    index = f"{url(f'{DELIVERIES}:index')}?status=failed"
    listing = html(admin_client.get(index))
    retry = url(f"{DELIVERIES}:retry", delivery.pk)
    assert f'action="{retry}"' in listing
    assert "Thất bại (1)" in listing
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(retry, {"next": index})

    assert response.status_code == 302
    assert response["Location"] == index
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.SENT
    assert len(posted(fake_telegram)) == 1
    assert AuditLogEntry.objects.filter(action="channels.delivery_retry").count() == 1


def test_the_attempts_timeline_shows_each_call_in_vietnamese_dates(
    admin_client, channel, fake_telegram, settings
):
    settings.LANTOA_CHANNEL_MAX_ATTEMPTS = 1
    fake_telegram.faults.update({"force_errors": 1})
    delivery = send_now(queued(channel))
    attempt = delivery.attempts.get()
    started = dt.datetime(2026, 5, 1, 1, 0, tzinfo=dt.UTC)
    type(attempt).objects.filter(pk=attempt.pk).update(
        started_at=started, finished_at=started + dt.timedelta(seconds=2)
    )

    page = html(admin_client.get(url(f"{DELIVERIES}:inspect", delivery.pk)))

    assert "Thứ Sáu, 1/5/2026 08:00 (GMT+7)" in page
    assert str(AttemptOutcome.TRANSIENT.label) in page
    # The fake answers one of its 5xx at random; the row shows what it said.
    assert attempt.http_status in (500, 502, 503)
    assert f"{attempt.error_code} (HTTP {attempt.http_status})" in page
    assert attempt.error_message in page
    assert url(f"{DELIVERIES}:retry", delivery.pk) in page


def test_an_uncertain_delivery_confirmed_as_posted_is_not_resent(
    admin_client, channel, fake_telegram
):
    fake_telegram.faults.update({"force_lost_responses": 1})
    delivery = send_now(queued(channel))
    assert delivery.status == DeliveryStatus.UNCERTAIN
    resolve = url(f"{DELIVERIES}:resolve", delivery.pk)
    assert resolve in html(admin_client.get(url(f"{DELIVERIES}:index")))
    assert "Bài đã lên" in html(admin_client.get(resolve))

    response = admin_client.post(
        resolve, {"was_posted": "1", "external_url": "https://t.me/lantoa_demo/1"}
    )

    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.status, delivery.external_url) == (
        DeliveryStatus.SENT,
        "https://t.me/lantoa_demo/1",
    )
    assert len(posted(fake_telegram)) == 1
    assert AuditLogEntry.objects.get(action="channels.delivery_resolve").data == {
        "was_posted": True
    }


def test_an_uncertain_delivery_can_be_sent_again(
    admin_client, channel, fake_telegram, django_capture_on_commit_callbacks
):
    fake_telegram.faults.update({"force_lost_responses": 1})
    delivery = send_now(queued(channel))
    assert len(posted(fake_telegram)) == 1  # it did land, but Lantoa cannot know

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url(f"{DELIVERIES}:resolve", delivery.pk), {"was_posted": "0"})

    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.SENT
    # The person said it was not there, so it went again: their call, not a blind resend.
    assert len(posted(fake_telegram)) == 2
    assert AuditLogEntry.objects.get(action="channels.delivery_resolve").data == {
        "was_posted": False
    }


def test_cancel_and_edit_before_sending(approver_client, channel):
    post = posts.post_create(actor=SYSTEM, unit=channel.unit, text="Bản nháp")
    at = timezone.now() + dt.timedelta(days=1)
    (delivery,) = posts.post_schedule(actor=SYSTEM, post=post, accounts=[channel], at=at)

    response = approver_client.post(
        url(f"{DELIVERIES}:change", delivery.pk), {"text": "Bản riêng cho Telegram"}
    )
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.text_override, delivery.scheduled_at) == ("Bản riêng cho Telegram", at)

    approver_client.post(url(f"{DELIVERIES}:cancel", delivery.pk))
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.CANCELLED


def test_an_officer_cannot_change_the_approved_text_of_a_delivery(admin_client, channel):
    post = posts.post_create(actor=SYSTEM, unit=channel.unit, text="Bản đã duyệt")
    at = timezone.now() + dt.timedelta(days=1)
    (delivery,) = posts.post_schedule(actor=SYSTEM, post=post, accounts=[channel], at=at)

    admin_client.post(url(f"{DELIVERIES}:change", delivery.pk), {"text": "Bản chưa duyệt"})

    delivery.refresh_from_db()
    assert delivery.text_override == ""
    assert AuditLogEntry.objects.filter(action="channels.delivery_edit").count() == 0


def test_a_sent_post_can_be_removed_from_the_platform(admin_client, channel, fake_telegram):
    delivery = send_now(queued(channel))
    admin_client.post(url(f"{DELIVERIES}:delete_remote", delivery.pk))
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.DELETED
    assert posted(fake_telegram) == []


def test_an_action_that_no_longer_applies_is_explained(admin_client, channel, fake_telegram):
    delivery = send_now(queued(channel))
    response = admin_client.post(url(f"{DELIVERIES}:retry", delivery.pk), follow=True)
    assert "Chỉ gửi lại được bài đã thất bại." in html(response)
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.SENT


@pytest.mark.parametrize("status", ["failed", "sent"])
def test_the_queue_filters_by_status(admin_client, channel, fake_telegram, settings, status):
    settings.LANTOA_CHANNEL_MAX_ATTEMPTS = 1
    sent = send_now(queued(channel, "Bài đã đăng"))
    fake_telegram.faults.update({"force_errors": 1})
    failed = send_now(queued(channel, "Bài thất bại"))
    assert (sent.status, failed.status) == (DeliveryStatus.SENT, DeliveryStatus.FAILED)

    page = html(admin_client.get(url(f"{DELIVERIES}:index"), {"status": status}))

    shown = {"failed": "Bài thất bại", "sent": "Bài đã đăng"}[status]
    hidden = {"failed": "Bài đã đăng", "sent": "Bài thất bại"}[status]
    assert shown in page
    assert hidden not in page
