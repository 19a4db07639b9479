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
