import factory
from factory.django import DjangoModelFactory

from lantoa.channels.choices import Platform
from lantoa.channels.models import ChannelAccount, Post
from lantoa.core.crypto import encrypt_json
from lantoa.org.tests.factories import OrgUnitFactory


class ChannelAccountFactory(DjangoModelFactory):
    class Meta:
        model = ChannelAccount

    unit = factory.SubFactory(OrgUnitFactory)
    platform = Platform.TELEGRAM_CHANNEL
    name = factory.Sequence(lambda n: f"Kênh {n}")
    external_id = factory.Sequence(lambda n: f"-100{1234567890 + n}")

    class Params:
        credentials = None

    @factory.lazy_attribute
    def credentials_encrypted(self):
        return encrypt_json(self.credentials or {"bot_token": "x"})


class PostFactory(DjangoModelFactory):
    class Meta:
        model = Post

    unit = factory.SubFactory(OrgUnitFactory)
    text = "Công đoàn Dầu khí Việt Nam phát động Tháng Công nhân 2026."
    link = "https://congdoandaukhi.example.vn/tin/thang-cong-nhan-2026"


def facebook_account_without_moderation(fake_facebook, unit, page_id):
    """A Facebook Page of `unit` on the fake Graph API whose token may post and
    read but not hide or delete comments (no `pages_manage_engagement`)."""
    page = fake_facebook.add_page(
        page_id,
        "Trang thiếu quyền",
        f"EAAFakePageTokenNoEngagement{page_id[-3:]}",
        permissions={"pages_manage_posts", "pages_read_engagement"},
    )
    return ChannelAccountFactory(
        unit=unit,
        platform=Platform.FACEBOOK_PAGE,
        external_id=page.id,
        credentials={"page_token": page.access_token},
    )
