from django.contrib.auth import get_user_model

from lantoa.channels.choices import AccountState, Platform, PostSource
from lantoa.channels.models import Delivery, Post
from lantoa.channels.services.autopost import (
    SharedContent,
    content_share_on_publish,
    render_template,
)
from lantoa.channels.tests.factories import ChannelAccountFactory
from lantoa.org.tests.factories import OrgUnitFactory

CONTENT = SharedContent(
    title="Phát động Tháng Công nhân 2026",
    lead="Công đoàn PV GAS tổ chức chuỗi hoạt động chăm lo cho người lao động.",
    url="https://pvgas.example.vn/tin/thang-cong-nhan-2026",
    hashtags=("ThangCongNhan", "#CongDoanDauKhi"),
)


def _source():
    # Any saved model stands for the published article.
    return get_user_model().objects.create(username="nguon-bai-viet")


def test_template_fills_known_placeholders_and_keeps_unknown(db):
    unit = OrgUnitFactory(name="Công đoàn PV GAS")
    text = render_template("{title} — {unit}\n{url}\n{hashtags} {khac}", CONTENT, unit)
    assert text == (
        "Phát động Tháng Công nhân 2026 — Công đoàn PV GAS\n"
        "https://pvgas.example.vn/tin/thang-cong-nhan-2026\n#ThangCongNhan #CongDoanDauKhi {khac}"
    )


def test_publishing_shares_on_auto_post_channels_with_their_templates(db):
    unit = OrgUnitFactory()
    fb = ChannelAccountFactory(
        unit=unit, platform=Platform.TELEGRAM_CHANNEL, article_template="📰 {title}"
    )
    plain = ChannelAccountFactory(unit=unit)
    ChannelAccountFactory(unit=unit, auto_post_articles=False)
    ChannelAccountFactory(unit=unit, state=AccountState.BROKEN)
    ChannelAccountFactory(unit=OrgUnitFactory())  # another unit's channel
    source = _source()
    result = content_share_on_publish(unit=unit, content=CONTENT, source_object=source)
    assert sorted(d.account_id for d in result.deliveries) == sorted([fb.pk, plain.pk])
    post = Post.objects.get()
    assert post.source == PostSource.ARTICLE
    assert post.link == CONTENT.url
    assert post.text.startswith("Phát động Tháng Công nhân 2026\n\nCông đoàn PV GAS")
    assert Delivery.objects.get(account=fb).text_override == "📰 Phát động Tháng Công nhân 2026"
    assert Delivery.objects.get(account=plain).text_override == ""
    # Publishing the same article again (an edit) posts nothing more.
    again = content_share_on_publish(unit=unit, content=CONTENT, source_object=source)
    assert again.post is None
    assert Delivery.objects.count() == 2


def test_article_override_and_explicit_channels(db):
    unit = OrgUnitFactory()
    chosen = ChannelAccountFactory(unit=unit, auto_post_articles=False, article_template="{title}")
    ChannelAccountFactory(unit=unit)
    content = SharedContent(
        title="T",
        url="https://x.example.vn/a",
        text_override="Lời riêng của bài",
        channel_ids=(chosen.pk,),
    )
    result = content_share_on_publish(unit=unit, content=content, source_object=_source())
    (delivery,) = result.deliveries
    assert delivery.account == chosen
    assert delivery.text_override == ""
    assert Post.objects.get().text == "Lời riêng của bài"


def test_a_channel_that_refuses_is_reported_and_the_others_still_go(db):
    unit = OrgUnitFactory()
    telegram = ChannelAccountFactory(unit=unit)  # 4,096 characters at most
    viber = ChannelAccountFactory(unit=unit, platform=Platform.VIBER_CHANNEL)  # 7,000
    content = SharedContent(title="T", url="https://x.example.vn/a", text_override="x" * 5000)
    result = content_share_on_publish(unit=unit, content=content, source_object=_source())
    assert [d.account_id for d in result.deliveries] == [viber.pk]
    assert list(result.refused) == [str(telegram)]
