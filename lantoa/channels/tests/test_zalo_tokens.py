"""Zalo OA tokens against the Zalo fake (real HTTP on 127.0.0.1): the OAuth v4
connection with PKCE, the proactive refresh, the refresh when Zalo refuses the
token (-216/-220), one refresh for two concurrent workers (single-use refresh
tokens), the crash window (a pair Zalo issued but we never stored), and that no
token reaches a log line, an admin page, the API or the audit log."""

import datetime as dt
import logging
import threading
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from devstack.fakes import FakeZalo
from lantoa.channels.adapters import http, zalo_oauth
from lantoa.channels.adapters.base import ChannelError, ErrorKind
from lantoa.channels.adapters.registry import use_adapter
from lantoa.channels.adapters.zalo import ZaloAdapter
from lantoa.channels.choices import AccountState, DeliveryStatus, Platform
from lantoa.channels.models import ChannelAccount, Delivery
from lantoa.channels.services import outbox, posts, tokens
from lantoa.channels.services.credentials import account_view
from lantoa.channels.tests.factories import ChannelAccountFactory
from lantoa.core.actors import SYSTEM
from lantoa.core.api.testing import bearer_headers
from lantoa.core.crypto import decrypt_json
from lantoa.core.models import AuditLogEntry
from lantoa.org.tests import conftest as org_conftest
from lantoa.org.tests.factories import (
    OrgUnitFactory,
    staff_user,
)

tree = org_conftest.tree
FIRST_REFRESH = "zalo-fake-refresh-token"  # the fake's initial refresh token (its describe())
TEXT = "Hội thao công nhân lao động năm 2026\nKhai mạc sáng 12/3 với 600 vận động viên."


@pytest.fixture
def zalo(settings):
    """The Zalo fake serving both the OA API and OAuth v4; unknown tokens are
    refused (-216) instead of becoming new OAs."""
    with FakeZalo(auto_accounts=False) as fake, use_adapter(ZaloAdapter(verify_interval_seconds=0)):
        settings.LANTOA_CHANNEL_API_URLS = {
            **settings.LANTOA_CHANNEL_API_URLS,
            "zalo_oa": fake.base_url,
            "zalo_oauth": fake.base_url,
        }
        settings.LANTOA_ZALO_APP_ID = FakeZalo.APP_ID
        settings.LANTOA_ZALO_APP_SECRET = fake.app_secret
        settings.LANTOA_ZALO_DEFAULT_COVER_URL = f"{fake.base_url}/_fake/cover.jpg"
        http.reset_client()
        yield fake
    http.reset_client()


def officer_of(unit):
    return staff_user(unit, email="tuyengiao@kvt.example.vn")


def zalo_account(
    unit, *, expires_in_seconds: float | None = 3600, external_id=FakeZalo.OA_ID, **extra
):
    credentials = {
        "access_token": FakeZalo.ACCESS_TOKEN,
        "refresh_token": FIRST_REFRESH,
        "app_id": FakeZalo.APP_ID,
        "app_secret": FakeZalo.APP_SECRET,
        **extra,
    }
    now = timezone.now()
    if expires_in_seconds is not None:
        credentials["access_expires_at"] = int(now.timestamp() + expires_in_seconds)
    return ChannelAccountFactory(
        unit=unit,
        platform=Platform.ZALO_OA,
        external_id=external_id,
        credentials=credentials,
        token_expires_at=tokens.token_expiry(credentials, now),
    )


def stored(account):
    return decrypt_json(ChannelAccount.objects.get(pk=account.pk).credentials_encrypted)


def token_calls(fake):
    return [r for r in fake.requests if r["path"] == "/v4/oa/access_token"]


def queued(account):
    post = posts.post_create(actor=SYSTEM, unit=account.unit, text=TEXT)
    (delivery,) = posts.post_schedule(actor=SYSTEM, post=post, accounts=[account])
    return delivery


def send_now(delivery):
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    outbox.delivery_send(delivery_id=delivery.pk)
    return Delivery.objects.get(pk=delivery.pk)


# ---- connecting through OAuth v4 with PKCE ---------------------------------------------


def test_oauth_connects_the_oa_with_pkce_and_stores_the_pair_encrypted(client, tree, zalo):
    officer = officer_of(tree.unit)
    client.force_login(officer)
    response = client.post(reverse("channels_accounts:zalo_connect"), {"unit": tree.unit.code})
    assert response.status_code == 302
    permission = urlsplit(response["Location"])
    query = parse_qs(permission.query)
    assert permission.path == "/v4/oa/permission"
    assert query["app_id"] == [FakeZalo.APP_ID]
    assert len(query["code_challenge"][0]) == 43  # base64url of SHA-256, unpadded
    assert "code_verifier" not in query  # the verifier stays on our side

    # The OA admin grants access on Zalo; Zalo sends the browser back with a code.
    granted = httpx.get(response["Location"], follow_redirects=False)
    back = urlsplit(granted.headers["Location"])
    assert back.path == reverse("channels_accounts:zalo_callback")
    done = client.get(f"{back.path}?{back.query}")

    account = ChannelAccount.objects.get(platform=Platform.ZALO_OA)
    assert done.status_code == 302
    assert done["Location"] == reverse("channels_accounts:inspect", args=[account.pk])
    assert account.unit == tree.unit
    assert account.external_id == FakeZalo.OA_ID
    assert account.state == AccountState.ACTIVE
    credentials = stored(account)
    assert credentials["access_token"].startswith("zalo-at-")
    assert credentials["refresh_token"] in zalo.refresh_tokens  # the live one, not yet spent
    assert credentials["app_id"] == FakeZalo.APP_ID
    # expires_in "90000" (a string): 25 hours from now.
    expected = timezone.now() + dt.timedelta(seconds=90000)
    assert abs((account.token_expires_at - expected).total_seconds()) < 60
    assert credentials["access_token"] not in account.credentials_encrypted
    # The callback's state is spent: the same redirect cannot be replayed.
    again = client.get(f"{back.path}?{back.query}")
    assert again["Location"] == reverse("channels_accounts:zalo_connect")
    assert ChannelAccount.objects.count() == 1


def test_the_code_is_refused_without_the_matching_verifier(zalo):
    _verifier, challenge = zalo_oauth.pkce_pair()
    code = zalo.issue_auth_code(code_challenge=challenge)
    with pytest.raises(ChannelError) as refused:
        zalo_oauth.exchange_code(
            zalo.base_url,
            app_id=FakeZalo.APP_ID,
            app_secret=zalo.app_secret,
            code=code,
            code_verifier="x" * 43,
        )
    assert refused.value.kind is ErrorKind.AUTH


def test_a_sibling_units_officer_cannot_start_the_connection_for_the_unit(client, tree, zalo):
    client.force_login(officer_of(tree.sibling))
    response = client.post(reverse("channels_accounts:zalo_connect"), {"unit": tree.unit.code})
    assert response.status_code == 200  # the unit is not among the choices
    assert "unit" in response.context["form"].errors
    assert not zalo.requests


# ---- refreshing ----------------------------------------------------------------------------


def test_the_periodic_job_refreshes_tokens_before_they_expire(tree, zalo):
    due = zalo_account(tree.unit, expires_in_seconds=3600)  # within the 3 h margin
    fresh = zalo_account(
        tree.sibling,
        expires_in_seconds=20 * 3600,
        external_id="579745863508352885",
        access_token="other",
    )

    assert tokens.account_tokens_refresh_due() == 1  # tasks run inline in tests

    credentials = stored(due)
    assert credentials["access_token"] not in (FakeZalo.ACCESS_TOKEN, "")
    assert credentials["refresh_token"] != FIRST_REFRESH
    assert FIRST_REFRESH not in zalo.refresh_tokens  # spent, once
    assert zalo.refresh_calls == 1
    due.refresh_from_db()
    assert due.token_expires_at > timezone.now() + dt.timedelta(hours=24)
    assert stored(fresh)["access_token"] == "other"  # not due: untouched
    # The next tick finds nothing due and spends nothing.
    assert tokens.account_tokens_refresh_due() == 0
    assert zalo.refresh_calls == 1
    # The new token publishes.
    delivery = send_now(queued(due))
    assert delivery.status == DeliveryStatus.SENT
    create = next(r for r in zalo.requests if r["path"] == "/v2.0/article/create")
    assert create["headers"]["access_token"] == credentials["access_token"]
    entry = AuditLogEntry.objects.get(action="channels.token_refresh")
    assert entry.data["reason"] == "expiring"


def test_a_refused_token_is_refreshed_once_and_the_post_goes_out(tree, zalo):
    account = zalo_account(tree.unit, expires_in_seconds=20 * 3600)
    zalo.revoke_token(FakeZalo.ACCESS_TOKEN)  # Zalo now answers -216

    delivery = send_now(queued(account))

    assert delivery.status == DeliveryStatus.SENT
    assert len(zalo.articles) == 1
    paths = [r["path"] for r in zalo.requests]
    assert paths[:3] == ["/v2.0/article/create", "/v4/oa/access_token", "/v2.0/article/create"]
    assert zalo.refresh_calls == 1
    assert stored(account)["access_token"] == zalo.requests[2]["headers"]["access_token"]
    assert AuditLogEntry.objects.get(action="channels.token_refresh").data["reason"] == "refused"


def test_an_expired_token_minus_220_is_refreshed_too(tree, zalo):
    account = zalo_account(tree.unit, expires_in_seconds=None)
    zalo.expire_token(FakeZalo.ACCESS_TOKEN)
    delivery = send_now(queued(account))
    assert delivery.status == DeliveryStatus.SENT
    assert zalo.refresh_calls == 1


def test_a_token_refused_again_after_the_refresh_is_not_refreshed_in_a_loop(tree, zalo):
    account = zalo_account(tree.unit, expires_in_seconds=20 * 3600)
    zalo.revoke_token(FakeZalo.ACCESS_TOKEN)
    # Every token Zalo issues is refused at once (the OA was removed from the app).
    original = zalo._oauth_token

    def issue_then_revoke(req, match):
        response = original(req, match)
        for token in list(zalo.tokens):
            zalo.tokens[token]["expired"] = True
        return response

    zalo._routes = [(m, p, issue_then_revoke if h == original else h) for m, p, h in zalo._routes]
    delivery = send_now(queued(account))
    assert delivery.status == DeliveryStatus.QUEUED  # waits for a reconnection
    assert zalo.refresh_calls == 1
    assert ChannelAccount.objects.get(pk=account.pk).state == AccountState.BROKEN


@pytest.mark.django_db(transaction=True)
def test_two_workers_refreshing_at_once_spend_the_refresh_token_once(zalo):
    unit = OrgUnitFactory()
    account = zalo_account(unit, expires_in_seconds=20 * 3600)
    zalo.revoke_token(FakeZalo.ACCESS_TOKEN)
    # Slow answers: without the row lock both workers would be inside Zalo's
    # token endpoint at once with the same refresh token.
    zalo.faults.update({"latency_ms": 300})
    start = threading.Barrier(2)
    results: list[str] = []
    errors: list[Exception] = []

    def worker() -> None:
        try:
            start.wait()
            fresh = tokens.zalo_token_refresh(
                actor=SYSTEM,
                account_id=account.pk,
                stale_access_token=FakeZalo.ACCESS_TOKEN,
                reason="refused",
            )
            results.append(fresh["access_token"])
        except Exception as exc:  # noqa: BLE001 - reported by the assertions below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert len(token_calls(zalo)) == 1
    assert zalo.refresh_calls == 1
    assert len(results) == 2
    assert results[0] == results[1]
    assert stored(account)["access_token"] == results[0]
    assert ChannelAccount.objects.get(pk=account.pk).state == AccountState.ACTIVE


def test_a_spent_refresh_token_breaks_the_channel_with_a_clear_message(
    tree, zalo, django_capture_on_commit_callbacks
):
    account = zalo_account(tree.unit, expires_in_seconds=3600)
    officer_of(tree.unit)
    # The crash window: Zalo issued a new pair (spending ours) and the process
    # died before storing it. Simulated by spending the stored token directly.
    zalo_oauth.refresh(
        zalo.base_url,
        app_id=FakeZalo.APP_ID,
        app_secret=zalo.app_secret,
        refresh_token=FIRST_REFRESH,
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert tokens.account_tokens_refresh_due() == 1

    account.refresh_from_db()
    assert account.state == AccountState.BROKEN
    assert account.last_error == tokens.REFRESH_REFUSED_MESSAGE
    assert "kết nối lại kênh Zalo OA" in account.last_error
    assert stored(account)["refresh_token"] == FIRST_REFRESH  # nothing invented
    (message,) = mail.outbox
    assert "mất kết nối" in message.subject
    assert tokens.REFRESH_REFUSED_MESSAGE in message.body
    failed = AuditLogEntry.objects.get(action="channels.token_refresh_failed")
    assert failed.data["code"] == "-14014"
    # Its deliveries wait instead of being dropped or failing.
    delivery = send_now(queued(account))
    assert delivery.status == DeliveryStatus.QUEUED
    assert not zalo.articles


def test_a_send_whose_refresh_is_refused_waits_with_the_reconnect_message(tree, zalo):
    account = zalo_account(tree.unit, expires_in_seconds=20 * 3600)
    zalo.revoke_token(FakeZalo.ACCESS_TOKEN)
    zalo.refresh_tokens.clear()  # our refresh token is no longer valid

    delivery = send_now(queued(account))

    assert delivery.status == DeliveryStatus.QUEUED
    assert delivery.last_error == tokens.REFRESH_REFUSED_MESSAGE
    account.refresh_from_db()
    assert account.state == AccountState.BROKEN
    assert account.last_error == tokens.REFRESH_REFUSED_MESSAGE


def test_a_lost_answer_keeps_the_stored_pair_and_the_channel_active(tree, zalo):
    account = zalo_account(tree.unit, expires_in_seconds=3600)
    zalo.faults.update({"force_lost_responses": 1})  # Zalo acted, the answer never came
    with pytest.raises(ChannelError) as unknown:
        tokens.zalo_token_refresh(actor=SYSTEM, account_id=account.pk, reason="expiring")
    assert unknown.value.kind is ErrorKind.UNCERTAIN
    assert stored(account)["refresh_token"] == FIRST_REFRESH
    assert ChannelAccount.objects.get(pk=account.pk).state == AccountState.ACTIVE


def test_pasting_both_tokens_schedules_a_refresh_and_a_new_access_token_drops_the_old_pair(
    client, tree, zalo
):
    client.force_login(officer_of(tree.unit))
    response = client.post(
        reverse("channels_accounts:add"),
        {
            "unit": tree.unit.code,
            "platform": Platform.ZALO_OA,
            "token": FakeZalo.ACCESS_TOKEN,
            "refresh_token": FIRST_REFRESH,
            "app_id": FakeZalo.APP_ID,
            "app_secret": FakeZalo.APP_SECRET,
        },
    )
    assert response.status_code == 302
    account = ChannelAccount.objects.get()
    # The access token's age is unknown: renewed at the next tick, which also
    # proves the pasted refresh token works while the officer is still around.
    assert account.token_expires_at <= timezone.now()
    assert tokens.account_tokens_refresh_due() == 1
    assert zalo.refresh_calls == 1
    # Reconnecting with a new access token alone forgets the old refresh token.
    client.post(
        reverse("channels_accounts:reconnect", args=[account.pk]),
        {"token": stored(account)["access_token"]},
    )
    account.refresh_from_db()
    assert "refresh_token" not in stored(account)
    assert account.token_expires_at is None


def _paste(client, unit, **fields):
    return client.post(
        reverse("channels_accounts:add"),
        {
            "unit": unit.code,
            "platform": Platform.ZALO_OA,
            "token": FakeZalo.ACCESS_TOKEN,
            "app_id": FakeZalo.APP_ID,
            "app_secret": FakeZalo.APP_SECRET,
            **fields,
        },
    )


def test_a_pasted_access_token_that_expired_is_renewed_with_the_pasted_refresh_token(
    client, tree, zalo
):
    zalo.expire_token(FakeZalo.ACCESS_TOKEN)  # copied from Zalo's tools yesterday
    client.force_login(officer_of(tree.unit))
    response = _paste(client, tree.unit, refresh_token=FIRST_REFRESH)
    assert response.status_code == 302
    account = ChannelAccount.objects.get()
    credentials = stored(account)
    assert zalo.refresh_calls == 1
    assert credentials["access_token"] != FakeZalo.ACCESS_TOKEN
    assert credentials["refresh_token"] != FIRST_REFRESH  # single-use: the new one is kept
    assert account.external_id == FakeZalo.OA_ID
    assert account.state == AccountState.ACTIVE
    assert account.token_expires_at > timezone.now() + dt.timedelta(hours=20)
    assert send_now(queued(account)).status == DeliveryStatus.SENT


def test_an_expired_pasted_token_without_a_usable_refresh_token_is_refused_in_vietnamese(
    client, tree, zalo
):
    zalo.expire_token(FakeZalo.ACCESS_TOKEN)
    client.force_login(officer_of(tree.unit))
    spent = _paste(client, tree.unit, refresh_token="da-dung-roi")
    missing = _paste(client, tree.unit)
    for response in (spent, missing):
        assert response.status_code == 200
        assert "Nền tảng từ chối kết nối" in response.content.decode()
    assert zalo.refresh_calls == 0  # the unknown refresh token was refused before any pair
    assert not ChannelAccount.objects.exists()


def test_reconnecting_with_an_expired_token_and_a_refresh_token_renews_too(client, tree, zalo):
    account = zalo_account(tree.unit)
    ChannelAccount.objects.filter(pk=account.pk).update(state=AccountState.BROKEN)
    zalo.expire_token(FakeZalo.ACCESS_TOKEN)
    client.force_login(officer_of(tree.unit))
    client.post(
        reverse("channels_accounts:reconnect", args=[account.pk]),
        {"token": FakeZalo.ACCESS_TOKEN, "refresh_token": FIRST_REFRESH},
    )
    account.refresh_from_db()
    assert account.state == AccountState.ACTIVE
    assert stored(account)["access_token"] != FakeZalo.ACCESS_TOKEN
    assert zalo.refresh_calls == 1


# ---- secrets stay secret ---------------------------------------------------------------------


def test_no_token_appears_in_logs_admin_pages_api_or_audit(client, tree, zalo, caplog):
    caplog.set_level(logging.DEBUG)
    officer = officer_of(tree.unit)
    account = zalo_account(tree.unit, expires_in_seconds=3600)
    zalo.revoke_token(FakeZalo.ACCESS_TOKEN)
    send_now(queued(account))  # a refusal, a refresh and a send
    tokens.account_tokens_refresh_due()  # (not due any more: nothing)
    Delivery.objects.update(next_attempt_at=timezone.now())
    credentials = stored(account)
    secrets = {
        FakeZalo.ACCESS_TOKEN,
        FIRST_REFRESH,
        FakeZalo.APP_SECRET,
        credentials["access_token"],
        credentials["refresh_token"],
    }

    client.force_login(officer)
    pages = [
        client.get(reverse("channels_accounts:index")),
        client.get(reverse("channels_accounts:inspect", args=[account.pk])),
        client.get(reverse("channels_accounts:reconnect", args=[account.pk])),
    ]
    api = client.get("/api/v1/channels/", headers=bearer_headers(officer))
    assert api.status_code == 200
    assert all(p.status_code == 200 for p in pages)
    audit = " ".join(str(e.data) for e in AuditLogEntry.objects.all())
    shown = [caplog.text, audit, api.content.decode(), *(p.content.decode() for p in pages)]
    assert "zalo token refreshed" in caplog.text  # the log speaks of it, without the tokens
    for secret in secrets:
        assert not any(secret in text for text in shown), secret
    # Nor in the adapter's view of the channel, should one be logged or shown in a traceback.
    assert not any(s in repr(account_view(account)) for s in secrets)


def test_the_refresh_is_a_periodic_job():
    from lantoa.core import periodic

    job = next(j for j in periodic.jobs() if j.name == "channels.tokens_refresh")
    assert job.every_seconds == tokens.REFRESH_CHECK_SECONDS
    # Often enough that a due token gets several tries before it expires.
    assert tokens.REFRESH_MARGIN.total_seconds() >= 4 * job.every_seconds
