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
