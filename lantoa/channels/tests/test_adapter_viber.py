"""The Viber channel adapter through the outbox, against the Viber fake."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from lantoa.channels.adapters.base import ErrorKind, MediaItem, PostContent
from lantoa.channels.adapters.registry import adapter_for
from lantoa.channels.adapters.viber import viber_error
from lantoa.channels.choices import AccountState, DeliveryStatus, Platform
from lantoa.channels.models import ChannelAccount, Delivery
from lantoa.channels.services import outbox, posts
from lantoa.channels.services.credentials import account_view
from lantoa.channels.tests.sending import BROKEN, FAIL, RETRY, assert_refused, schedule, send_now
from lantoa.channels.tests.uploads import mp4, png
from lantoa.core.crypto import encrypt_json
from lantoa.core.exceptions import InvalidInput

LINK = "https://congdoandaukhi.example.vn/tin/an-toan"


def _schedule(
    officer, unit, account, text="Tuần lễ an toàn lao động", link=LINK, media=(), at=None
):
    return schedule(officer, unit, account, text=text, link=link, media=media, at=at)


def _posted(fake):
    return fake.posts.all()


def test_text_with_link_is_one_channel_post_with_its_marker(
    officer, unit, viber_account, fake_viber
):
    delivery = send_now(_schedule(officer, unit, viber_account))
    assert delivery.status == DeliveryStatus.SENT
    (record,) = _posted(fake_viber)
    assert (record["kind"], record["id"]) == ("text", delivery.external_id)
    assert record["text"] == f"Tuần lễ an toàn lao động\n\n{LINK}?lt={delivery.marker}"
    assert record["sender"] == fake_viber.SUPERADMIN_ID  # posted as the super admin
    (call,) = [r for r in fake_viber.requests if r["path"] == "/pa/post"]
    assert call["headers"]["X-Viber-Auth-Token"] == fake_viber.TOKEN
    assert "auth_token" not in call["params"]  # the token travels in the header only


def test_one_picture_with_its_caption(officer, unit, viber_account, fake_viber, settings):
    settings.LANTOA_BASE_URL = "https://congdoandaukhi.example.vn"
    delivery = send_now(_schedule(officer, unit, viber_account, media=[png("bao-ho.png")]))
    assert delivery.status == DeliveryStatus.SENT
    (record,) = _posted(fake_viber)
    assert record["kind"] == "picture"
    (media,) = record["media"]
    assert media.startswith("https://congdoandaukhi.example.vn/media/channels/media/")
    assert media.endswith(".png")
    assert f"lt={delivery.marker}" in record["text"]


def test_platform_limits_are_checked_when_composing(officer, unit, viber_account):
    cases = [
        ("a" * 7001, [], "vượt giới hạn 7000 ký tự"),
        ("Ảnh", [png("1.png"), png("2.png")], "Tối đa 1 ảnh"),
        ("Clip", [mp4()], "không hỗ trợ đăng video"),
        ("c" * 600, [png()], "chỉ kèm được 512 ký tự chú thích"),
    ]
    for text, media, message in cases:
        post = posts.post_create(actor=officer, unit=unit, text=text, link="", media=media)
        with pytest.raises(posts.PostRejected, match=message):
            posts.post_schedule(actor=officer, post=post, accounts=[viber_account])
    assert not Delivery.objects.exists()


def test_only_jpeg_or_png_pictures():
    gif = MediaItem("image", Path("a.gif"), "a.gif", "image/gif", 100)
    assert adapter_for(Platform.VIBER_CHANNEL).validate(PostContent("x", media=[gif])) == [
        "Viber: ảnh «a.gif» phải là JPEG hoặc PNG."
    ]


def test_scheduled_post_waits_for_its_time(officer, unit, viber_account, fake_viber):
    delivery = _schedule(officer, unit, viber_account, at=timezone.now() + dt.timedelta(days=1))
    assert outbox.delivery_send(delivery_id=delivery.pk) is None
    assert _posted(fake_viber) == []
    Delivery.objects.filter(pk=delivery.pk).update(scheduled_at=timezone.now())
    assert send_now(delivery).status == DeliveryStatus.SENT


def test_viber_posts_cannot_be_deleted_through_the_api(officer, unit, viber_account, fake_viber):
    delivery = send_now(_schedule(officer, unit, viber_account))
    with pytest.raises(InvalidInput, match="không cho phép gỡ bài"):
        posts.delivery_delete_remote(actor=officer, delivery=delivery)
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.SENT


def test_lost_answer_is_left_to_a_person_never_resent(officer, unit, viber_account, fake_viber):
    fake_viber.faults.update({"force_lost_responses": 1})
    delivery = send_now(_schedule(officer, unit, viber_account))
    assert delivery.status == DeliveryStatus.UNCERTAIN
    assert len(_posted(fake_viber)) == 1  # Viber has it; we cannot ask
    assert outbox.delivery_send(delivery_id=delivery.pk) is None
    assert len(_posted(fake_viber)) == 1


def test_missing_webhook_breaks_the_channel_until_it_is_registered(
    officer, unit, viber_account, fake_viber
):
    fake_viber.accounts[fake_viber.TOKEN].webhook = ""
    delivery = send_now(_schedule(officer, unit, viber_account))
    assert delivery.attempts.get().error_code == "10"
    account = ChannelAccount.objects.get(pk=viber_account.pk)
    assert account.state == AccountState.BROKEN
    assert "chưa đặt webhook" in account.last_error
    adapter_for(Platform.VIBER_CHANNEL).register_webhook(
        account_view(account), f"https://lantoa.example.vn/webhooks/viber/{account.public_id}/"
    )
    assert fake_viber.accounts[fake_viber.TOKEN].webhook.endswith(f"{account.public_id}/")
    ChannelAccount.objects.filter(pk=account.pk).update(state=AccountState.ACTIVE)
    assert send_now(delivery).status == DeliveryStatus.SENT


# -- errors ---------------------------------------------------------------------


def _bad_token(fake, account):
    fake.auto_accounts = False
    ChannelAccount.objects.filter(pk=account.pk).update(
        credentials_encrypted=encrypt_json({"auth_token": "khong-phai-token"})
    )


def _throttled(fake, account):
    fake.faults.update({"force_rate_limits": 1})


def _outage(fake, account):
    fake.faults.update({"force_errors": 1, "error_statuses": [503]})


def _sender_not_a_member(fake, account):
    ChannelAccount.objects.filter(pk=account.pk).update(
        credentials_encrypted=encrypt_json({"auth_token": fake.TOKEN, "from_id": "nguoi-la=="})
    )


@pytest.mark.parametrize(
    ("setup", "code", "expected"),
    [
        (_bad_token, "2", BROKEN),
        (_throttled, "12", RETRY),
        (_outage, "503", RETRY),
        (_sender_not_a_member, "3", FAIL),
    ],
)
def test_viber_statuses_retry_fail_or_break_the_channel(
    officer, unit, viber_account, fake_viber, setup, code, expected
):
    setup(fake_viber, viber_account)
    before = timezone.now()
    delivery = send_now(_schedule(officer, unit, viber_account))
    min_wait = 60 if code == "12" else 0
    assert_refused(
        delivery,
        viber_account,
        expected,
        code=code,
        before=before,
        min_wait=min_wait,
        error="badData",
    )
    assert _posted(fake_viber) == []


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (1, ErrorKind.PERMANENT),
        (2, ErrorKind.AUTH),
        (3, ErrorKind.PERMANENT),
        (4, ErrorKind.PERMANENT),
        (5, ErrorKind.PERMANENT),
        (6, ErrorKind.PERMANENT),
        (7, ErrorKind.AUTH),
        (8, ErrorKind.AUTH),
        (9, ErrorKind.AUTH),
        (10, ErrorKind.AUTH),
        (11, ErrorKind.PERMANENT),
        (12, ErrorKind.TRANSIENT),
        (13, ErrorKind.PERMANENT),
        (14, ErrorKind.PERMANENT),
        (15, ErrorKind.AUTH),
        (16, ErrorKind.PERMANENT),
        (20, ErrorKind.PERMANENT),
        (99, ErrorKind.TRANSIENT),  # generalError
    ],
)
def test_every_documented_viber_status_has_its_kind(status, kind):
    assert viber_error(status, "x", 200).kind is kind


def test_verify_reads_the_channel_and_its_subscribers(viber_account, fake_viber):
    info = adapter_for(Platform.VIBER_CHANNEL).verify(account_view(viber_account))
    assert info.external_id == fake_viber.accounts[fake_viber.TOKEN].id
    assert (info.name, info.followers) == ("Công đoàn Lantoa (demo)", 2)
