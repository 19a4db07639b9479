"""F10: every Telegram channel has a webhook secret that Telegram knows.

Telegram signs nothing: it sends back the `secret_token` given to `setWebhook`
(header `X-Telegram-Bot-Api-Secret-Token`). A channel connected by pasting a
bot token alone used to have none, so every update it sent was refused. Now the
secret is generated at connection, stored encrypted with the token, and
registered with `setWebhook`; channels connected before get theirs at their next
refresh (the periodic pull). Everything runs against the Telegram fake.
"""

import re

import pytest
from django.urls import reverse

from devstack.fakes import FakeTelegram
from lantoa.channels.choices import Platform
from lantoa.channels.models import ChannelAccount, InboundEvent, InboundMessage
from lantoa.channels.services.accounts import account_connect, account_update_credentials
from lantoa.channels.services.credentials import account_view
from lantoa.channels.services.metrics import metrics_pull_account
from lantoa.channels.tests.factories import ChannelAccountFactory
from lantoa.core.models import AuditLogEntry

SECRET_SHAPE = re.compile(r"^[A-Za-z0-9_-]{32,256}$")  # what setWebhook accepts, and long


@pytest.fixture(autouse=True)
def _fresh_rate_counters():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def base_url(settings):
    settings.LANTOA_BASE_URL = "https://lantoa.example.vn"  # the public address webhooks start with
    return settings.LANTOA_BASE_URL


def _hook(account):
    return reverse("channels:webhook_telegram", kwargs={"public_id": account.public_id})


def _deliver(client, fake, account):
    """What Telegram would POST to the channel's webhook for a member's comment."""
    signed = fake.build_comment_webhook(text="Ủng hộ công đoàn!")
    return client.post(
        _hook(account), data=signed.body, content_type="application/json", headers=signed.headers
    )


def _connect_by_token(officer, unit):
    """A Telegram channel connected with its bot token alone, and the webhook
    secret Lantoa made for it."""
    account = account_connect(
        actor=officer,
        unit=unit,
        platform=Platform.TELEGRAM_CHANNEL,
        credentials={"bot_token": FakeTelegram.DEFAULT_TOKEN},
        external_id="@lantoa_demo",
    )
    return account, account_view(account).credentials["webhook_secret"]


def test_a_channel_connected_by_token_alone_gets_a_secret_that_telegram_sends_back(
    client, officer, unit, fake_telegram, base_url, django_capture_on_commit_callbacks
):
    account, secret = _connect_by_token(officer, unit)
    assert SECRET_SHAPE.match(secret)
    assert secret not in account.credentials_encrypted  # stored encrypted, like the token
    bot = fake_telegram.bots[FakeTelegram.DEFAULT_TOKEN]
    assert bot.webhook_url == f"{base_url}{_hook(account)}"
    assert bot.secret_token == secret
    entry = AuditLogEntry.objects.get(action="channels.account_webhook")
    assert secret not in str(entry.data)
    assert account.last_error == ""

    with django_capture_on_commit_callbacks(execute=True):
        response = _deliver(client, fake_telegram, account)
    assert response.status_code == 200
    assert InboundMessage.objects.get().text == "Ủng hộ công đoàn!"


def test_two_channels_get_different_secrets(officer, unit, fake_telegram, base_url):
    fake_telegram.add_bot("222333444:AAHsecondBotTokenForLantoaTests000000")
    fake_telegram.add_channel(-1002222222222, username="lantoa_hai", title="Kênh hai")
    first = account_connect(
        actor=officer,
        unit=unit,
        platform=Platform.TELEGRAM_CHANNEL,
        credentials={"bot_token": FakeTelegram.DEFAULT_TOKEN},
        external_id="@lantoa_demo",
    )
    second = account_connect(
        actor=officer,
        unit=unit,
        platform=Platform.TELEGRAM_CHANNEL,
        credentials={"bot_token": "222333444:AAHsecondBotTokenForLantoaTests000000"},
        external_id="@lantoa_hai",
    )
    secrets = {account_view(a).credentials["webhook_secret"] for a in (first, second)}
    assert len(secrets) == 2


def test_an_older_channel_without_a_secret_gets_one_at_its_next_refresh(
    client, unit, fake_telegram, base_url, django_capture_on_commit_callbacks
):
    account = ChannelAccountFactory(
        unit=unit,
        external_id=str(FakeTelegram.DEFAULT_CHANNEL_ID),
        credentials={"bot_token": FakeTelegram.DEFAULT_TOKEN},  # connected before secrets
    )
    assert _deliver(client, fake_telegram, account).status_code == 403  # today: refused

    metrics_pull_account(account_id=account.pk)  # the periodic refresh

    account.refresh_from_db()
    secret = account_view(account).credentials["webhook_secret"]
    assert fake_telegram.bots[FakeTelegram.DEFAULT_TOKEN].secret_token == secret
    entry = AuditLogEntry.objects.get(action="channels.account_webhook")
    assert entry.actor_name == "channels.webhook_secret"
    with django_capture_on_commit_callbacks(execute=True):
        assert _deliver(client, fake_telegram, account).status_code == 200
    assert InboundMessage.objects.count() == 1

    metrics_pull_account(account_id=account.pk)  # the next refresh changes nothing
    account.refresh_from_db()
    assert account_view(account).credentials["webhook_secret"] == secret
    assert AuditLogEntry.objects.filter(action="channels.account_webhook").count() == 1


def test_a_refused_registration_is_shown_and_retried_with_the_same_secret(
    unit, fake_telegram, settings
):
    settings.LANTOA_BASE_URL = "https://lantoa.example.vn:8000"  # Telegram refuses the port
    account = ChannelAccountFactory(
        unit=unit,
        external_id=str(FakeTelegram.DEFAULT_CHANNEL_ID),
        credentials={"bot_token": FakeTelegram.DEFAULT_TOKEN},
    )
    metrics_pull_account(account_id=account.pk)
    account.refresh_from_db()
    assert "ports 80, 88, 443 or 8443" in account.last_error
    secret = account_view(account).credentials["webhook_secret"]
    assert fake_telegram.bots[FakeTelegram.DEFAULT_TOKEN].secret_token is None

    settings.LANTOA_BASE_URL = "https://lantoa.example.vn"
    from lantoa.channels.services.inbound import account_webhook_register
    from lantoa.org.tests.factories import RoleAssignmentFactory

    officer = RoleAssignmentFactory(unit=unit).user
    assert account_webhook_register(actor=officer, account=account) is True
    assert fake_telegram.bots[FakeTelegram.DEFAULT_TOKEN].secret_token == secret


def test_a_new_bot_on_reconnection_is_given_the_same_address_and_secret(
    officer, unit, fake_telegram, base_url
):
    account, secret = _connect_by_token(officer, unit)
    new_token = "555666777:AAHreplacementBotForLantoaTests000000"
    new_bot = fake_telegram.add_bot(new_token)

    account_update_credentials(
        actor=officer,
        account=account,
        credentials={"bot_token": new_token, "webhook_secret": secret},
    )

    assert (new_bot.webhook_url, new_bot.secret_token) == (f"{base_url}{_hook(account)}", secret)


def test_updates_without_or_with_a_wrong_secret_are_refused(
    client, telegram_account, fake_telegram
):
    signed = fake_telegram.build_comment_webhook()
    for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "s3cret-tokeN"}):
        response = client.post(
            _hook(telegram_account),
            data=signed.body,
            content_type="application/json",
            headers=headers,
        )
        assert response.status_code == 403
    assert InboundEvent.objects.filter(signature_valid=True).count() == 0
    assert ChannelAccount.objects.get(pk=telegram_account.pk).state == "active"
