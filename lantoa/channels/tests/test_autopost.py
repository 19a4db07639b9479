import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction

from lantoa.channels.choices import AccountState, ChannelAction, Platform, PostSource
from lantoa.channels.models import Delivery, Post
from lantoa.channels.services import autopost
from lantoa.channels.services.autopost import (
    SharedContent,
    content_share_on_publish,
    render_template,
)
from lantoa.channels.tests.factories import ChannelAccountFactory
from lantoa.core.actors import SYSTEM
from lantoa.core.models import AuditLogEntry
from lantoa.core.testing import require_postgresql
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
    result = content_share_on_publish(
        actor=SYSTEM, unit=unit, content=CONTENT, source_object=source
    )
    assert sorted(d.account_id for d in result.deliveries) == sorted([fb.pk, plain.pk])
    post = Post.objects.get()
    assert post.source == PostSource.ARTICLE
    assert post.link == CONTENT.url
    assert post.text.startswith("Phát động Tháng Công nhân 2026\n\nCông đoàn PV GAS")
    assert Delivery.objects.get(account=fb).text_override == "📰 Phát động Tháng Công nhân 2026"
    assert Delivery.objects.get(account=plain).text_override == ""
    # Publishing the same article again (an edit) posts nothing more.
    again = content_share_on_publish(actor=SYSTEM, unit=unit, content=CONTENT, source_object=source)
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
    result = content_share_on_publish(
        actor=SYSTEM, unit=unit, content=content, source_object=_source()
    )
    (delivery,) = result.deliveries
    assert delivery.account == chosen
    assert delivery.text_override == ""
    assert Post.objects.get().text == "Lời riêng của bài"


def test_a_channel_that_refuses_is_reported_and_the_others_still_go(db):
    unit = OrgUnitFactory()
    telegram = ChannelAccountFactory(unit=unit)  # 4,096 characters at most
    viber = ChannelAccountFactory(unit=unit, platform=Platform.VIBER_CHANNEL)  # 7,000
    content = SharedContent(title="T", url="https://x.example.vn/a", text_override="x" * 5000)
    result = content_share_on_publish(
        actor=SYSTEM, unit=unit, content=content, source_object=_source()
    )
    assert [d.account_id for d in result.deliveries] == [viber.pk]
    assert list(result.refused) == [str(telegram)]


def test_one_share_per_published_item_is_a_constraint(db):
    unit = OrgUnitFactory()
    ChannelAccountFactory(unit=unit)
    source = _source()
    first = content_share_on_publish(actor=SYSTEM, unit=unit, content=CONTENT, source_object=source)
    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.create(
            unit=unit,
            text="lần hai",
            source=PostSource.ARTICLE,
            source_type=first.post.source_type,
            source_id=first.post.source_id,
        )
    # Directive drafts (one per wording) and manual posts may share a source.
    for _ in range(2):
        Post.objects.create(
            unit=unit,
            text="bản nháp",
            source=PostSource.DIRECTIVE,
            source_type=first.post.source_type,
            source_id=first.post.source_id,
        )
    assert AuditLogEntry.objects.filter(action=ChannelAction.POST_CREATE).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_publishes_racing_share_the_article_once(monkeypatch):
    """Two workers share the same published article at the same moment (an
    approval and the scheduled publisher, say): both read that it was not
    shared yet, both insert; the constraint lets one post through."""
    require_postgresql()
    unit = OrgUnitFactory()
    ChannelAccountFactory(unit=unit)
    ChannelAccountFactory(unit=unit, platform=Platform.TELEGRAM_CHANNEL)
    source = _source()
    both_read = threading.Barrier(2, timeout=10)
    accounts = autopost.autopost_accounts

    def read_then_wait(*args, **kwargs):
        found = accounts(*args, **kwargs)
        both_read.wait()  # neither has inserted yet
        return found

    monkeypatch.setattr(autopost, "autopost_accounts", read_then_wait)
    results: list[object] = []
    errors: list[Exception] = []

    def publish() -> None:
        try:
            results.append(
                content_share_on_publish(
                    actor=SYSTEM, unit=unit, content=CONTENT, source_object=source
                ).post
            )
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert sorted(post is None for post in results) == [False, True]
    assert Post.objects.count() == 1
    assert Delivery.objects.count() == 2
    assert AuditLogEntry.objects.filter(action=ChannelAction.POST_CREATE).count() == 1
