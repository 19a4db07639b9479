"""The outbox against the Telegram fake: real HTTP on 127.0.0.1."""

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lantoa.channels.choices import AccountState, AttemptOutcome, DeliveryStatus
from lantoa.channels.models import ChannelAccount, Delivery, Post
from lantoa.channels.services import outbox, posts
from lantoa.channels.tests.sending import send_now
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.core.models import AuditLogEntry

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND"
    b"\xaeB`\x82"
)


def _posted(fake):
    return [p for p in fake.posts.all() if not p.get("deleted")]


def test_text_with_link_is_posted_once_with_its_marker(
    officer, unit, telegram_account, fake_telegram
):
    post = posts.post_create(
        actor=officer, unit=unit, text="Tháng Công nhân 2026", link="https://cd.example.vn/a"
    )
    (delivery,) = posts.post_schedule(actor=officer, post=post, accounts=[telegram_account])
    delivery = send_now(delivery)
    assert delivery.status == DeliveryStatus.SENT
    (record,) = _posted(fake_telegram)
    assert record["id"] == f"{telegram_account.external_id}:{delivery.external_id}"
    assert f"lt={delivery.marker}" in record["text"]
    assert record["text"].startswith("Tháng Công nhân 2026\n\nhttps://cd.example.vn/a?lt=")
    assert delivery.external_url == f"https://t.me/lantoa_demo/{delivery.external_id}"
    assert ChannelAccount.objects.get(pk=telegram_account.pk).last_success_at is not None
    # A second call (a duplicated task) changes nothing and posts nothing.
    assert outbox.delivery_send(delivery_id=delivery.pk) is None
    assert len(_posted(fake_telegram)) == 1
    assert [a.outcome for a in delivery.attempts.all()] == [AttemptOutcome.SENT]


def test_photos_go_as_one_media_group(officer, unit, telegram_account, fake_telegram):
    images = [SimpleUploadedFile(f"anh{i}.png", PNG, content_type="image/png") for i in range(3)]
    post = posts.post_create(actor=officer, unit=unit, text="Ảnh hội thao", media=images)
    (delivery,) = posts.post_schedule(actor=officer, post=post, accounts=[telegram_account])
    delivery = send_now(delivery)
    assert delivery.status == DeliveryStatus.SENT
    (record,) = _posted(fake_telegram)
    assert record["kind"] == "media_group"
    assert len(record["media"]) == 3


def test_single_video(officer, unit, telegram_account, fake_telegram):
    video = SimpleUploadedFile(
        "clip.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 100, content_type="video/mp4"
    )
    post = posts.post_create(actor=officer, unit=unit, text="Clip an toàn lao động", media=[video])
    (delivery,) = posts.post_schedule(actor=officer, post=post, accounts=[telegram_account])
    assert send_now(delivery).status == DeliveryStatus.SENT
    (record,) = _posted(fake_telegram)
    assert record["kind"] == "video"


def test_too_long_text_is_refused_when_composing(officer, unit, telegram_account):
    post = posts.post_create(actor=officer, unit=unit, text="a" * 4200, link="")
    with pytest.raises(posts.PostRejected) as exc:
        posts.post_schedule(actor=officer, post=post, accounts=[telegram_account])
    assert "vượt giới hạn 4096 ký tự" in exc.value.message
    assert not Delivery.objects.exists()


def test_caption_limit_applies_with_media(officer, unit, telegram_account):
    image = SimpleUploadedFile("a.png", PNG, content_type="image/png")
    post = posts.post_create(actor=officer, unit=unit, text="b" * 1100, media=[image])
    with pytest.raises(posts.PostRejected, match="Telegram chỉ nhận 1024"):
        posts.post_schedule(actor=officer, post=post, accounts=[telegram_account])


def test_non_image_upload_is_refused(officer, unit):
    bogus = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(InvalidInput, match="không phải ảnh"):
        posts.post_create(actor=officer, unit=unit, text="x", media=[bogus])


def test_rate_limit_is_retried_after_the_platforms_delay(
    officer, unit, telegram_account, fake_telegram
):
    fake_telegram.faults.update({"force_rate_limits": 1, "retry_after": 7})
    post = posts.post_create(actor=officer, unit=unit, text="Thông báo")
    (delivery,) = posts.post_schedule(actor=officer, post=post, accounts=[telegram_account])
    before = timezone.now()
    delivery = send_now(delivery)
    assert delivery.status == DeliveryStatus.RETRYING
    assert delivery.next_attempt_at >= before + dt.timedelta(seconds=7)
    assert delivery.attempts.get().retry_after_seconds == 7
    assert _posted(fake_telegram) == []
    delivery = send_now(delivery)
    assert delivery.status == DeliveryStatus.SENT
    assert len(_posted(fake_telegram)) == 1


def test_server_errors_retry_then_give_up(officer, unit, telegram_account, fake_telegram, settings):
    settings.LANTOA_CHANNEL_MAX_ATTEMPTS = 3
    fake_telegram.faults.update({"force_errors": 10})
    post = posts.post_create(actor=officer, unit=unit, text="Thông báo")
    (delivery,) = posts.post_schedule(actor=officer, post=post, accounts=[telegram_account])
    statuses = [send_now(delivery).status for _ in range(3)]
    assert statuses == [DeliveryStatus.RETRYING, DeliveryStatus.RETRYING, DeliveryStatus.FAILED]
    assert _posted(fake_telegram) == []
    # One click on the dead letter sends it again.
    fake_telegram.faults.update({"force_errors": 0})
    posts.delivery_retry(actor=officer, delivery=delivery)
    assert send_now(delivery).status == DeliveryStatus.SENT


def test_invalid_token_breaks_the_channel_and_pauses_its_deliveries(
    officer, unit, telegram_account, fake_telegram
):
    from lantoa.channels.services.accounts import account_update_credentials
    from lantoa.channels.services.notifications import account_broken_notify
    from lantoa.core.crypto import encrypt_json

    ChannelAccount.objects.filter(pk=telegram_account.pk).update(
        credentials_encrypted=encrypt_json({"bot_token": "999:revoked"})
    )
    post = posts.post_create(actor=officer, unit=unit, text="Thông báo")
    (delivery,) = posts.post_schedule(actor=officer, post=post, accounts=[telegram_account])
    delivery = send_now(delivery)
    account = ChannelAccount.objects.get(pk=telegram_account.pk)
    assert account.state == AccountState.BROKEN
    assert delivery.status == DeliveryStatus.QUEUED  # paused, not dropped
    assert delivery.attempts.get().outcome == AttemptOutcome.AUTH
    assert outbox.delivery_send(delivery_id=delivery.pk) is None  # nothing goes out while broken
    assert account_broken_notify(account_id=account.pk) == 1
    assert mail.outbox[-1].to == ["tuyengiao@pvgas.example.vn"]
    assert "mất kết nối" in mail.outbox[-1].subject
    # Reconnecting with a good token resumes the delivery.
    account_update_credentials(
        actor=officer, account=account, credentials={"bot_token": fake_telegram.DEFAULT_TOKEN}
    )
    assert send_now(delivery).status == DeliveryStatus.SENT


def test_bad_request_fails_at_once_with_the_platforms_message(officer, unit, fake_telegram):
    from lantoa.channels.tests.factories import ChannelAccountFactory

    account = ChannelAccountFactory(
        unit=unit,
        external_id="kenh-khong-ton-tai",
        credentials={"bot_token": fake_telegram.DEFAULT_TOKEN},
    )
    post = posts.post_create(actor=officer, unit=unit, text="Thông báo")
    (delivery,) = posts.post_schedule(actor=officer, post=post, accounts=[account])
    delivery = send_now(delivery)
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_error_code == "chat_not_found"
    assert "Telegram không tìm thấy kênh này" in delivery.last_error


def test_lost_answer_makes_the_delivery_uncertain_not_resent(
    officer, unit, telegram_account, fake_telegram
):
    fake_telegram.faults.update({"force_lost_responses": 1})
    post = posts.post_create(actor=officer, unit=unit, text="Thông báo")
    (delivery,) = posts.post_schedule(actor=officer, post=post, accounts=[telegram_account])
    delivery = send_now(delivery)
    assert delivery.status == DeliveryStatus.UNCERTAIN
    assert len(_posted(fake_telegram)) == 1  # the platform did post it
    assert outbox.delivery_send(delivery_id=delivery.pk) is None
    posts.delivery_resolve_uncertain(
        actor=officer, delivery=delivery, was_posted=True, external_url="https://t.me/lantoa_demo/1"
    )
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.SENT
    assert len(_posted(fake_telegram)) == 1


def test_scheduled_delivery_waits_for_its_time(officer, unit, telegram_account, fake_telegram):
    at = timezone.now() + dt.timedelta(hours=2)
    post = posts.post_create(actor=officer, unit=unit, text="Hẹn giờ")
    (delivery,) = posts.post_schedule(actor=officer, post=post, accounts=[telegram_account], at=at)
    assert delivery.status == DeliveryStatus.SCHEDULED
    assert outbox.delivery_send(delivery_id=delivery.pk) is None
    assert _posted(fake_telegram) == []
    Delivery.objects.filter(pk=delivery.pk).update(
        scheduled_at=timezone.now(), next_attempt_at=timezone.now()
    )
    outbox.delivery_send(delivery_id=delivery.pk)
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.SENT


def test_cancel_and_edit_before_sending(officer, unit, telegram_account, fake_telegram):
    at = timezone.now() + dt.timedelta(hours=1)
    post = posts.post_create(actor=officer, unit=unit, text="Bản nháp")
    (delivery,) = posts.post_schedule(actor=officer, post=post, accounts=[telegram_account], at=at)
    posts.delivery_edit(actor=officer, delivery=delivery, text="Bản đã sửa", at=timezone.now())
    assert send_now(delivery).status == DeliveryStatus.SENT
    assert _posted(fake_telegram)[0]["text"] == "Bản đã sửa"
    with pytest.raises(InvalidInput, match="chưa gửi"):
        posts.delivery_cancel(actor=officer, delivery=delivery)


def test_delete_from_the_platform(officer, unit, telegram_account, fake_telegram):
    post = posts.post_create(actor=officer, unit=unit, text="Sẽ gỡ")
    (delivery,) = posts.post_schedule(actor=officer, post=post, accounts=[telegram_account])
    delivery = send_now(delivery)
    posts.delivery_delete_remote(actor=officer, delivery=delivery)
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.DELETED
    assert _posted(fake_telegram) == []
    assert AuditLogEntry.objects.filter(action="channels.delivery_delete").count() == 1


def test_sibling_officer_cannot_post_to_the_channel(unit, telegram_account):
    from lantoa.org.choices import Role
    from lantoa.org.tests.factories import OrgUnitFactory, RoleAssignmentFactory

    sibling = OrgUnitFactory(code="BSR")
    stranger = RoleAssignmentFactory(unit=sibling, role=Role.OFFICER).user
    with pytest.raises(PermissionDenied):
        posts.post_create(actor=stranger, unit=unit, text="x")


def test_worker_lost_mid_send_becomes_uncertain(officer, unit, telegram_account, fake_telegram):
    post = posts.post_create(actor=officer, unit=unit, text="Thông báo")
    (delivery,) = posts.post_schedule(actor=officer, post=post, accounts=[telegram_account])
    outbox._claim(delivery.pk)  # intent recorded, then the worker "dies"
    Delivery.objects.filter(pk=delivery.pk).update(
        updated_at=timezone.now() - dt.timedelta(minutes=10)
    )
    assert outbox.deliveries_recover_stale() == 1
    delivery = Delivery.objects.get(pk=delivery.pk)
    assert delivery.status == DeliveryStatus.UNCERTAIN
    assert delivery.last_error_code == "worker_lost"
    assert delivery.attempts.get().outcome == AttemptOutcome.UNCERTAIN
    assert _posted(fake_telegram) == []


def test_line_breaks_typed_in_a_browser_reach_the_platform_as_newlines(
    officer, unit, telegram_account, fake_telegram
):
    post = posts.post_create(
        actor=officer, unit=unit, text="Thông báo\r\nHọp công đoàn\r\n\r\nLúc 8 giờ\r"
    )
    assert post.text == "Thông báo\nHọp công đoàn\n\nLúc 8 giờ"
    (delivery,) = posts.post_schedule(actor=officer, post=post, accounts=[telegram_account])
    # A post stored before the fix is normalised when sent too.
    Post.objects.filter(pk=post.pk).update(text="Dòng một\r\nDòng hai")
    outbox.delivery_send(delivery_id=delivery.pk)

    (sent,) = fake_telegram.posts.all(include_deleted=False)
    assert "\r" not in sent["text"]
    assert sent["text"].startswith("Dòng một\nDòng hai")
