"""Webhooks in: each platform's verification (good and forged), raw storage first,
processing into inbound messages, limits. Signed requests come from the fakes."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from lantoa.channels.adapters.base import PostContent
from lantoa.channels.adapters.facebook import FacebookAdapter
from lantoa.channels.choices import Platform
from lantoa.channels.models import Delivery, InboundEvent, InboundMessage
from lantoa.channels.services import outbox, posts
from lantoa.channels.services.credentials import account_view
from lantoa.channels.services.inbound import (
    inbound_event_process,
    inbound_events_enqueue_pending,
    inbound_events_purge,
)
from lantoa.core.actors import SYSTEM
from lantoa.core.pseudonyms import platform_user_ref

FB_URL = "/webhooks/facebook/"


def _post(client, url, signed, **extra_headers):
    return client.post(
        url,
        data=signed.body,
        content_type="application/json",
        headers={**signed.headers, **extra_headers},
    )


def _url(platform, account):
    return reverse(f"channels:webhook_{platform}", kwargs={"public_id": account.public_id})


def _fb_post(facebook_account):
    adapter = FacebookAdapter()
    rendered = adapter.render(PostContent("Tin đại hội"), marker="m1")
    return adapter.publish(account_view(facebook_account), rendered).external_id


@pytest.fixture(autouse=True)
def _fresh_rate_counters():
    from django.core.cache import cache

    cache.clear()  # the per-address counters live in the cache


@pytest.fixture
def fb_secret(settings, fake_facebook):
    settings.LANTOA_FACEBOOK_APP_SECRET = fake_facebook.webhook_app_secret
    return fake_facebook.webhook_app_secret


# -- Facebook ---------------------------------------------------------------------


def test_facebook_handshake_echoes_the_challenge_only_for_our_token(client, settings, db):
    settings.LANTOA_FACEBOOK_VERIFY_TOKEN = "lantoa-verify-2026"
    query = {"hub.mode": "subscribe", "hub.challenge": "1158201444"}
    ok = client.get(FB_URL, {**query, "hub.verify_token": "lantoa-verify-2026"})
    assert (ok.status_code, ok.content) == (200, b"1158201444")
    wrong = client.get(FB_URL, {**query, "hub.verify_token": "doan-mo"})
    assert wrong.status_code == 403
    assert client.get(FB_URL, {"hub.verify_token": "lantoa-verify-2026"}).status_code == 403


def test_facebook_comment_is_stored_raw_then_becomes_an_inbound_message(
    client, facebook_account, fake_facebook, fb_secret, django_capture_on_commit_callbacks
):
    post_id = _fb_post(facebook_account)
    delivery = Delivery.objects.create(
        post=posts.post_create(actor=SYSTEM, unit=facebook_account.unit, text="Tin đại hội"),
        account=facebook_account,
        status="sent",
        marker="m1",
        external_id=post_id,
    )
    signed = fake_facebook.build_comment_webhook(post_id=post_id, message="Bao giờ họp ạ?")
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, FB_URL, signed)
    assert response.status_code == 200
    event = InboundEvent.objects.get()
    assert (event.platform, event.account, event.signature_valid) == (
        Platform.FACEBOOK_PAGE,
        facebook_account,
        True,
    )
    assert event.body == signed.body.decode()
    assert event.headers["X-Hub-Signature-256"] == signed.headers["X-Hub-Signature-256"]
    assert event.processed_at is not None
    message = InboundMessage.objects.get()
    assert (message.kind, message.text, message.delivery, message.account) == (
        InboundMessage.Kind.COMMENT,
        "Bao giờ họp ạ?",
        delivery,
        facebook_account,
    )
    assert message.author_name == "Nguyễn Văn A"
    assert message.author_ref == platform_user_ref(Platform.FACEBOOK_PAGE, "6012345678")
    assert "6012345678" not in message.author_ref
    assert message.external_id == signed.payload["entry"][0]["changes"][0]["value"]["comment_id"]


def test_facebook_reply_and_redelivery_are_idempotent(
    client, facebook_account, fake_facebook, fb_secret, django_capture_on_commit_callbacks
):
    post_id = _fb_post(facebook_account)
    comment = fake_facebook.build_comment_webhook(post_id=post_id)
    comment_id = comment.payload["entry"][0]["changes"][0]["value"]["comment_id"]
    reply = fake_facebook.build_comment_webhook(post_id=post_id, parent_id=comment_id)
    with django_capture_on_commit_callbacks(execute=True):
        for signed in (comment, reply, comment):  # Meta redelivers the first one
            assert _post(client, FB_URL, signed).status_code == 200
    assert InboundEvent.objects.filter(processed_at__isnull=False).count() == 3
    kinds = dict(InboundMessage.objects.values_list("kind", "parent_external_id"))
    assert kinds == {"comment": "", "reply": comment_id}


def test_facebook_account_secret_verifies_without_a_settings_secret(
    client, facebook_account, fake_facebook, django_capture_on_commit_callbacks
):
    from lantoa.channels.models import ChannelAccount
    from lantoa.core.crypto import encrypt_json

    ChannelAccount.objects.filter(pk=facebook_account.pk).update(
        credentials_encrypted=encrypt_json(
            {"page_token": fake_facebook.PAGE_TOKEN, "app_secret": fake_facebook.webhook_app_secret}
        )
    )
    signed = fake_facebook.build_comment_webhook(post_id=_fb_post(facebook_account))
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client, FB_URL, signed).status_code == 200
    assert InboundMessage.objects.count() == 1


@pytest.mark.parametrize("forgery", ["tampered_body", "wrong_secret", "no_signature"])
def test_forged_facebook_notification_is_refused_and_never_processed(
    client, facebook_account, fake_facebook, fb_secret, forgery, django_capture_on_commit_callbacks
):
    signed = fake_facebook.build_comment_webhook(post_id=_fb_post(facebook_account))
    body, headers = signed.body, dict(signed.headers)
    if forgery == "tampered_body":
        body = body.replace("Bài viết rất hay!".encode(), "Lừa đảo".encode())
    elif forgery == "wrong_secret":
        from devstack.fakes.webhooks import facebook_signature

        headers["X-Hub-Signature-256"] = facebook_signature("doan-mo", body)
    else:
        headers.pop("X-Hub-Signature-256")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FB_URL, data=body, content_type="application/json", headers=headers)
    assert response.status_code == 403
    event = InboundEvent.objects.get()
    assert (event.signature_valid, event.processed_at) == (False, None)
    assert InboundMessage.objects.count() == 0
    assert inbound_event_process(event_id=event.pk) == 0  # even if asked to
    assert InboundMessage.objects.count() == 0


# -- Zalo, Viber, Telegram ----------------------------------------------------------


def test_zalo_message_is_verified_and_stored(
    client, zalo_account, fake_zalo, django_capture_on_commit_callbacks
):
    signed = fake_zalo.build_comment_webhook(text="Cho hỏi lịch sinh hoạt?")
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client, _url("zalo", zalo_account), signed).status_code == 200
    message = InboundMessage.objects.get()
    assert (message.kind, message.text, message.account, message.delivery) == (
        "message",
        "Cho hỏi lịch sinh hoạt?",
        zalo_account,
        None,
    )
    assert message.author_ref == platform_user_ref(Platform.ZALO_OA, signed.payload["sender"]["id"])
    assert message.created_at == dt.datetime.fromtimestamp(
        int(signed.payload["timestamp"]) / 1000, tz=dt.UTC
    )


def test_zalo_signature_with_the_oa_id_is_accepted_too(
    client, zalo_account, fake_zalo, django_capture_on_commit_callbacks
):
    fake_zalo.signature_id = "oa_id"  # the guide's variant [U]
    signed = fake_zalo.build_comment_webhook()
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client, _url("zalo", zalo_account), signed).status_code == 200
    assert InboundMessage.objects.count() == 1


def test_forged_zalo_event_is_refused(client, zalo_account, fake_zalo):
    signed = fake_zalo.build_comment_webhook()
    forged = signed.body.replace(b"user_send_text", b"user_send_link")
    response = client.post(
        _url("zalo", zalo_account),
        data=forged,
        content_type="application/json",
        headers=signed.headers,
    )
    assert response.status_code == 403
    assert InboundEvent.objects.get().signature_valid is False
    assert InboundMessage.objects.count() == 0


def test_viber_message_and_webhook_ping(
    client, viber_account, fake_viber, django_capture_on_commit_callbacks
):
    ping = fake_viber.sign(None, {"event": "webhook", "timestamp": int(fake_viber.now() * 1000)})
    message = fake_viber.build_comment_webhook(text="Cảm ơn Công đoàn!")
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client, _url("viber", viber_account), ping).status_code == 200
        assert _post(client, _url("viber", viber_account), message).status_code == 200
    stored = InboundMessage.objects.get()  # the ping is stored as an event, not a message
    assert (stored.text, stored.author_name, stored.kind) == (
        "Cảm ơn Công đoàn!",
        "Nguyễn Văn A",
        "message",
    )
    assert InboundEvent.objects.filter(signature_valid=True).count() == 2


def test_forged_viber_event_is_refused(client, viber_account, fake_viber):
    signed = fake_viber.build_comment_webhook()
    response = _post(
        client, _url("viber", viber_account), signed, **{"X-Viber-Content-Signature": "00" * 32}
    )
    assert response.status_code == 403
    assert InboundMessage.objects.count() == 0


def test_telegram_comment_on_our_post(
    client, officer, unit, telegram_account, fake_telegram, django_capture_on_commit_callbacks
):
    post = posts.post_create(actor=officer, unit=unit, text="Thông báo")
    (delivery,) = posts.post_schedule(actor=officer, post=post, accounts=[telegram_account])
    outbox.delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    fake_telegram.bots[fake_telegram.DEFAULT_TOKEN].secret_token = "s3cret-token"
    signed = fake_telegram.build_comment_webhook(
        text="Ủng hộ!", message_id=int(delivery.external_id)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client, _url("telegram", telegram_account), signed).status_code == 200
    message = InboundMessage.objects.get()
    assert (message.kind, message.delivery, message.text) == ("comment", delivery, "Ủng hộ!")
    forged = _post(
        client,
        _url("telegram", telegram_account),
        signed,
        **{"X-Telegram-Bot-Api-Secret-Token": "doan-mo"},
    )
    assert forged.status_code == 403
    assert InboundMessage.objects.count() == 1


# -- freshness: a signature never expires, a signed timestamp does ------------------

NINE_YEARS = 9 * 365 * 86400  # an event signed in 2017, replayed today


@pytest.fixture
def platform_case(request, client, unit):
    """(fake, webhook url, signed-event builder) for one platform with a connected channel."""
    platform = request.param
    if platform == "facebook":
        fake = request.getfixturevalue("fake_facebook")
        request.getfixturevalue("fb_secret")
        account = request.getfixturevalue("facebook_account")
        return fake, FB_URL, lambda: fake.build_comment_webhook(post_id=_fb_post(account))
    fake = request.getfixturevalue(f"fake_{platform}")
    account = request.getfixturevalue(f"{platform}_account")
    return fake, _url(platform, account), lambda: fake.build_comment_webhook(text="Tin cũ")


@pytest.mark.parametrize("platform_case", ["zalo", "viber", "facebook"], indirect=True)
@pytest.mark.parametrize(
    ("shift", "why"),
    [(-NINE_YEARS, "cũ hơn"), (-49 * 3600, "cũ hơn"), (3600, "ở tương lai")],
    ids=["signed-2017", "49h-old", "1h-ahead"],
)
def test_a_signed_event_outside_the_window_is_refused_and_kept_as_evidence(
    client, platform_case, shift, why, django_capture_on_commit_callbacks
):
    """F10: a validly signed event stamped 2017 (or two days old, or an hour ahead)
    is refused, kept with the reason, and never processed, even by the sweep."""
    fake, url, build = platform_case
    fake.advance_clock(shift)  # the platform signs with its clock: the capture's time
    signed = build()
    fake.advance_clock(-shift)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = _post(client, url, signed)
    assert response.status_code == 403
    event = InboundEvent.objects.get()
    assert event.signature_valid is True  # the signature was right: only its age is wrong
    assert event.processed_at is not None
    assert why in event.error
    assert "không nhận" in event.error
    assert callbacks == []  # nothing queued
    assert inbound_events_enqueue_pending(older_than_seconds=-60) == 0
    assert inbound_event_process(event_id=event.pk) == 0
    assert InboundMessage.objects.count() == 0


@pytest.mark.parametrize("platform_case", ["zalo", "viber", "facebook"], indirect=True)
def test_a_late_retry_inside_the_window_is_accepted(
    client, platform_case, django_capture_on_commit_callbacks
):
    """Zalo retries for about 2 hours, Meta for 36: a retry that late still counts."""
    fake, url, build = platform_case
    fake.advance_clock(-2.5 * 3600)
    signed = build()
    fake.advance_clock(2.5 * 3600)
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client, url, signed).status_code == 200
    assert InboundMessage.objects.count() == 1


def test_a_zalo_event_without_a_readable_timestamp_is_refused(client, zalo_account, fake_zalo):
    payload = fake_zalo.build_comment_webhook().payload
    payload["timestamp"] = "hôm qua"
    signed = fake_zalo.sign(payload)  # correctly signed, over an unreadable timestamp
    response = _post(client, _url("zalo", zalo_account), signed)
    assert response.status_code == 403
    assert "Không đọc được thời điểm ký" in InboundEvent.objects.get().error


def test_a_facebook_notification_without_entry_time_is_judged_by_its_signature_alone(
    client, facebook_account, fake_facebook, fb_secret, django_capture_on_commit_callbacks
):
    payload = fake_facebook.build_comment_webhook(post_id=_fb_post(facebook_account)).payload
    del payload["entry"][0]["time"]  # Meta stamps entries "where present"
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client, FB_URL, fake_facebook.sign(payload)).status_code == 200
    assert InboundMessage.objects.count() == 1


def test_a_facebook_body_nested_too_deep_is_refused_not_a_crash(client, fb_secret, db):
    body = b"[" * 100_000
    response = client.post(FB_URL, data=body, content_type="application/json")
    assert response.status_code == 403


# -- limits -----------------------------------------------------------------------


def test_unknown_or_mismatched_account_is_404(client, zalo_account, viber_account):
    assert (
        client.post(
            _url("viber", zalo_account), data=b"{}", content_type="application/json"
        ).status_code
        == 404
    )
    assert client.get(_url("zalo", zalo_account)).status_code == 405
    assert InboundEvent.objects.count() == 0


def test_oversized_body_is_refused_before_reading(client, settings, viber_account):
    settings.LANTOA_WEBHOOK_MAX_BYTES = 1000
    body = json.dumps({"event": "message", "text": "x" * 2000}).encode()
    response = client.post(_url("viber", viber_account), data=body, content_type="application/json")
    assert response.status_code == 413
    assert InboundEvent.objects.count() == 0


def test_too_many_requests_from_one_address(client, settings, viber_account, fake_viber):
    settings.LANTOA_WEBHOOK_RATE = "2/60"
    signed = fake_viber.build_comment_webhook()
    statuses = [_post(client, _url("viber", viber_account), signed).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_old_raw_events_are_purged_but_pending_ones_kept(zalo_account):
    old = timezone.now() - dt.timedelta(days=40)
    InboundEvent.objects.create(  # processed long ago
        platform="zalo_oa", body="{}", signature_valid=True, received_at=old, processed_at=old
    )
    InboundEvent.objects.create(  # forged long ago
        platform="zalo_oa", body="{}", signature_valid=False, received_at=old
    )
    pending = InboundEvent.objects.create(
        platform="zalo_oa", body="{}", signature_valid=True, received_at=old
    )
    recent = InboundEvent.objects.create(platform="zalo_oa", body="{}", signature_valid=False)
    assert inbound_events_purge() == 2
    remaining = set(InboundEvent.objects.values_list("pk", flat=True))
    assert remaining == {pending.pk, recent.pk}


def test_unreadable_signed_body_is_marked_not_retried(zalo_account):
    event = InboundEvent.objects.create(
        platform="zalo_oa", account=zalo_account, body="not json", signature_valid=True
    )
    assert inbound_event_process(event_id=event.pk) == 0
    event.refresh_from_db()
    assert event.processed_at is not None
    assert "Không đọc được" in event.error


def test_registering_the_viber_webhook_gives_viber_our_address(
    officer, viber_account, fake_viber, settings
):
    from lantoa.channels.services.inbound import account_webhook_register
    from lantoa.core.exceptions import PermissionDenied
    from lantoa.core.models import AuditLogEntry
    from lantoa.org.tests.factories import UserFactory

    settings.LANTOA_BASE_URL = "https://lantoa.example.vn"
    fake_viber.accounts[fake_viber.TOKEN].webhook = ""
    with pytest.raises(PermissionDenied):
        account_webhook_register(actor=UserFactory(), account=viber_account)
    assert account_webhook_register(actor=officer, account=viber_account) is True
    expected = f"https://lantoa.example.vn/webhooks/viber/{viber_account.public_id}/"
    assert fake_viber.accounts[fake_viber.TOKEN].webhook == expected
    assert AuditLogEntry.objects.get(action="channels.account_webhook").data == {"url": expected}


def test_registering_a_facebook_page_subscribes_the_app_to_its_feed(
    officer, facebook_account, fake_facebook
):
    from lantoa.channels.services.inbound import account_webhook_register

    assert account_webhook_register(actor=officer, account=facebook_account) is True
    (call,) = [r for r in fake_facebook.requests if r["path"].endswith("/subscribed_apps")]
    assert (call["method"], call["params"]["subscribed_fields"]) == ("POST", "feed")


def test_facebook_handshake_accepts_a_pages_own_verify_token(client, unit, fake_facebook):
    from lantoa.channels.tests.factories import ChannelAccountFactory

    ChannelAccountFactory(
        unit=unit,
        platform=Platform.FACEBOOK_PAGE,
        external_id=fake_facebook.PAGE_ID,
        credentials={"page_token": fake_facebook.PAGE_TOKEN, "verify_token": "trang-rieng"},
    )
    query = {"hub.mode": "subscribe", "hub.challenge": "42", "hub.verify_token": "trang-rieng"}
    response = client.get(FB_URL, query)
    assert (response.status_code, response.content) == (200, b"42")
