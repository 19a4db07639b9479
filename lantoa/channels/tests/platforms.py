"""The platforms' local fakes as fixtures: each starts its fake server, points
the channel adapters at it and resets the shared HTTP client around the test.

The root conftest registers this module as a plugin: every app's tests use
the fixtures by name."""

from contextlib import contextmanager

import pytest

from devstack.fakes import FakeFacebook, FakeTelegram, FakeViber, FakeZalo
from lantoa.channels.adapters import facebook, http
from lantoa.channels.adapters.registry import use_adapter
from lantoa.channels.adapters.zalo import ZaloAdapter


@contextmanager
def _serving(settings, platform: str, url: str):
    """The adapters of `platform` call `url` (a fresh HTTP client) for the block."""
    settings.LANTOA_CHANNEL_API_URLS = {**settings.LANTOA_CHANNEL_API_URLS, platform: url}
    http.reset_client()
    try:
        yield
    finally:
        http.reset_client()


@pytest.fixture
def fake_telegram(settings):
    with FakeTelegram() as fake, _serving(settings, "telegram_channel", fake.base_url):
        yield fake


@pytest.fixture
def fake_facebook(settings):
    with FakeFacebook() as fake, _serving(settings, "facebook_page", f"{fake.base_url}/v25.0"):
        settings.LANTOA_FACEBOOK_APP_SECRET = fake.webhook_app_secret  # signs its webhooks
        facebook.usage.reset()
        yield fake
    facebook.usage.reset()


@pytest.fixture
def fake_zalo(settings):
    with (
        FakeZalo() as fake,
        use_adapter(ZaloAdapter(verify_interval_seconds=0)),
        _serving(settings, "zalo_oa", fake.base_url),
    ):
        yield fake


@pytest.fixture
def fake_viber(settings):
    with FakeViber() as fake, _serving(settings, "viber_channel", fake.base_url):
        # Viber refuses posts until a webhook is set; an https URL off this machine is
        # accepted by the fake without a call back.
        fake.accounts[FakeViber.TOKEN].webhook = "https://lantoa.example.vn/webhooks/viber/x/"
        yield fake
