import pytest

from devstack.fakes import FakeTelegram
from lantoa.channels.tests import platforms
from lantoa.channels.tests.factories import ChannelAccountFactory
from lantoa.org.choices import Role
from lantoa.org.tests.factories import OrgUnitFactory, RoleAssignmentFactory

# The platform fakes are fixtures everywhere (the root conftest loads
# `platforms`); some tests of other apps import this one from here.
fake_facebook = platforms.fake_facebook


@pytest.fixture
def unit(db):
    return OrgUnitFactory(code="PVGAS", name="Công đoàn PV GAS")


@pytest.fixture
def officer(unit):
    """The unit's communications officer who is also its approver: the tests
    that use it are about sending, so their posts go straight out (the
    approval itself is tested in test_review.py)."""
    user = RoleAssignmentFactory(
        unit=unit, role=Role.OFFICER, user__email="tuyengiao@pvgas.example.vn"
    ).user
    RoleAssignmentFactory(unit=unit, role=Role.APPROVER, user=user)
    return user


@pytest.fixture
def telegram_account(unit, fake_telegram):
    return ChannelAccountFactory(
        unit=unit,
        external_id=str(FakeTelegram.DEFAULT_CHANNEL_ID),
        credentials={"bot_token": FakeTelegram.DEFAULT_TOKEN, "webhook_secret": "s3cret-token"},
    )


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
            "cover_url": f"{fake_zalo.base_url}/_fake/cover.jpg",
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
