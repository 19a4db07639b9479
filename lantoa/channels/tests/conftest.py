import pytest

from lantoa.channels.adapters import http
from lantoa.channels.fakes import FakeTelegram
from lantoa.channels.tests.factories import ChannelAccountFactory
from lantoa.org.choices import Role
from lantoa.org.tests.factories import OrgUnitFactory, RoleAssignmentFactory


@pytest.fixture
def fake_telegram(settings):
    with FakeTelegram() as fake:
        settings.LANTOA_CHANNEL_API_URLS = {
            **settings.LANTOA_CHANNEL_API_URLS,
            "telegram_channel": fake.base_url,
        }
        http.reset_client()
        yield fake
    http.reset_client()


@pytest.fixture
def unit(db):
    return OrgUnitFactory(code="PVGAS", name="Công đoàn PV GAS")


@pytest.fixture
def officer(unit):
    return RoleAssignmentFactory(
        unit=unit, role=Role.OFFICER, user__email="tuyengiao@pvgas.example.vn"
    ).user


@pytest.fixture
def telegram_account(unit, fake_telegram):
    return ChannelAccountFactory(
        unit=unit,
        external_id=str(FakeTelegram.DEFAULT_CHANNEL_ID),
        credentials={"bot_token": FakeTelegram.DEFAULT_TOKEN, "webhook_secret": "s3cret-token"},
    )


# -- Facebook, Zalo and Viber fakes (adapter, webhook and metrics tests) -------------


def _point(settings, platform: str, url: str) -> None:
    settings.LANTOA_CHANNEL_API_URLS = {**settings.LANTOA_CHANNEL_API_URLS, platform: url}


@pytest.fixture
def fake_facebook(settings):
    from lantoa.channels.adapters import facebook
    from lantoa.channels.fakes import FakeFacebook

    with FakeFacebook() as fake:
        _point(settings, "facebook_page", f"{fake.base_url}/v25.0")
        http.reset_client()
        facebook.usage.reset()
        yield fake
    http.reset_client()
    facebook.usage.reset()


@pytest.fixture
def fake_zalo(settings):
    from lantoa.channels.adapters.registry import use_adapter
    from lantoa.channels.adapters.zalo import ZaloAdapter
    from lantoa.channels.fakes import FakeZalo

    with FakeZalo() as fake, use_adapter(ZaloAdapter(verify_interval_seconds=0)):
        _point(settings, "zalo_oa", fake.base_url)
        http.reset_client()
        yield fake
    http.reset_client()


@pytest.fixture
def fake_viber(settings):
    from lantoa.channels.fakes import FakeViber

    with FakeViber() as fake:
        _point(settings, "viber_channel", fake.base_url)
        # Viber refuses posts until a webhook is set; an https URL off this machine is
        # accepted by the fake without a call back.
        fake.accounts[FakeViber.TOKEN].webhook = "https://lantoa.example.vn/webhooks/viber/x/"
        http.reset_client()
        yield fake
    http.reset_client()


@pytest.fixture
def facebook_account(unit, fake_facebook):
    from lantoa.channels.choices import Platform

    return ChannelAccountFactory(
        unit=unit,
        platform=Platform.FACEBOOK_PAGE,
        external_id=fake_facebook.PAGE_ID,
        credentials={"page_token": fake_facebook.PAGE_TOKEN},
    )


@pytest.fixture
def zalo_account(unit, fake_zalo):
    from lantoa.channels.choices import Platform

    return ChannelAccountFactory(
        unit=unit,
        platform=Platform.ZALO_OA,
        external_id=fake_zalo.OA_ID,
        credentials={
            "access_token": fake_zalo.ACCESS_TOKEN,
            "app_id": fake_zalo.APP_ID,
            "app_secret": fake_zalo.APP_SECRET,
            "oa_secret_key": fake_zalo.OA_SECRET_KEY,
            "author": "Ban Tuyên giáo",
            "cover_url": "https://congdoandaukhi.example.vn/static/cover.jpg",
        },
    )


@pytest.fixture
def viber_account(unit, fake_viber):
    from lantoa.channels.choices import Platform

    return ChannelAccountFactory(
        unit=unit,
        platform=Platform.VIBER_CHANNEL,
        external_id=fake_viber.accounts[fake_viber.TOKEN].id,
        credentials={"auth_token": fake_viber.TOKEN},
    )
