"""Channel comments and messages become opinions: once each, with the channel's
unit, a pseudonymous author, and never the channel's own answers."""

import datetime as dt
from itertools import count

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from lantoa.channels.choices import Platform
from lantoa.channels.models import Delivery, InboundMessage
from lantoa.channels.services.inbound import author_ref
from lantoa.channels.tests.conftest import fake_facebook  # noqa: F401 - the fixture
from lantoa.channels.tests.factories import ChannelAccountFactory, PostFactory
from lantoa.core import periodic
from lantoa.listening.choices import OpinionSource
from lantoa.listening.models import Opinion
from lantoa.listening.services import intake_channels
from lantoa.listening.services.intake_channels import channel_messages_ingest
from lantoa.listening.tests.conftest import facebook_page_with_post, facebook_webhook_process

AT = dt.datetime(2026, 5, 1, 8, 30, tzinfo=dt.UTC)
_ids = count(1)


@pytest.fixture
def account(tree):
    return ChannelAccountFactory(
        unit=tree.child, platform=Platform.FACEBOOK_PAGE, external_id="104000000000001"
    )


def inbound(account, text="Bếp ăn ca hôm nay rất tệ", kind="comment", **fields):
    n = next(_ids)
    return InboundMessage.objects.create(
        account=account,
        platform=account.platform,
        external_id=fields.pop("external_id", f"111_{n}"),
        kind=kind,
        text=text,
        created_at=fields.pop("created_at", AT),
        author_ref=fields.pop("author_ref", author_ref(account.platform, f"60{n}")),
        **fields,
    )


def test_a_comment_becomes_one_opinion_of_the_channels_unit(account, tree):
    message = inbound(account, author_ref=author_ref(Platform.FACEBOOK_PAGE, "6012345678"))
    result = channel_messages_ingest()
    assert (result.created, result.existing) == (1, 0)
    opinion = Opinion.objects.get()
    assert opinion.source_key == f"channels.inboundmessage:{message.pk}"
    assert (opinion.unit, opinion.source, opinion.text, opinion.received_at) == (
        tree.child,
        OpinionSource.CHANNEL_COMMENT,
        "Bếp ăn ca hôm nay rất tệ",
        AT,
    )
    assert opinion.channel_account_id == account.pk
    assert opinion.author_ref == message.author_ref
    assert "6012345678" not in opinion.author_ref
    assert opinion.folded_text == "bep an ca hom nay rat te"


def test_the_same_comment_twice_is_one_opinion(account):
    inbound(account)
    assert channel_messages_ingest().created == 1
    assert channel_messages_ingest().created == 0
    assert Opinion.objects.count() == 1


def test_messages_replies_and_the_pages_own_answers(account):
    direct = inbound(account, "Cho em hỏi lịch họp", kind="message")
    reply = inbound(account, "Đồng ý với bạn", kind="reply")
    inbound(
        account, "Cảm ơn bạn đã góp ý", author_ref=author_ref(account.platform, account.external_id)
    )
    inbound(account, "   ")  # a sticker, or a comment its author removed
    assert channel_messages_ingest().created == 2
    sources = dict(Opinion.objects.values_list("source_key", "source"))
    assert sources == {
        f"channels.inboundmessage:{direct.pk}": OpinionSource.CHANNEL_MESSAGE,
        f"channels.inboundmessage:{reply.pk}": OpinionSource.CHANNEL_COMMENT,
    }


def test_a_message_committed_late_below_the_high_water_mark_is_still_taken(account):
    first = inbound(account, "Ý kiến thứ nhất")
    second = inbound(account, "Ý kiến thứ hai")
    channel_messages_ingest()
    # As if `first`'s sibling had been inserted by a slow transaction: an id below
    # the highest one taken, visible only now.
    Opinion.objects.filter(source_key=f"channels.inboundmessage:{first.pk}").delete()
    assert channel_messages_ingest().created == 1
    assert set(Opinion.objects.values_list("source_key", flat=True)) == {
        f"channels.inboundmessage:{first.pk}",
        f"channels.inboundmessage:{second.pk}",
    }


def test_a_long_stretch_of_skipped_messages_does_not_stall_intake(account, monkeypatch):
    monkeypatch.setattr(intake_channels, "BATCH", 3)
    own = author_ref(account.platform, account.external_id)
    for _ in range(7):
        inbound(account, "Trang trả lời", author_ref=own)
    member = inbound(account, "Ý kiến của đoàn viên")
    result = channel_messages_ingest(limit=10, max_scan=30)
    assert result.created == 1
    assert Opinion.objects.get().source_key == f"channels.inboundmessage:{member.pk}"


def test_the_commented_article_is_linked(account, tree):
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant("vi"))
    page = Page.objects.filter(depth=1).first() or Page.add_root(title="Gốc", slug="goc")
    post = PostFactory(
        unit=tree.child,
        source_type=ContentType.objects.get_for_model(Page),
        source_id=str(page.pk),
    )
    delivery = Delivery.objects.create(
        post=post,
        account=account,
        status="sent",
        marker="m-link",
        external_id="104_1",
        external_url="https://www.facebook.com/104/posts/1",
    )
    inbound(account, delivery=delivery)
    channel_messages_ingest()
    opinion = Opinion.objects.get()
    assert (opinion.page_id, opinion.source_url) == (
        page.pk,
        "https://www.facebook.com/104/posts/1",
    )


def test_analysis_is_queued_after_commit(account, django_capture_on_commit_callbacks):
    inbound(account)
    with django_capture_on_commit_callbacks() as callbacks:
        channel_messages_ingest()
    assert len(callbacks) == 1  # one analysis task for the batch


def test_intake_runs_as_a_periodic_job():
    names = [job.name for job in periodic.jobs()]
    assert "listening.ingest_channels" in names
    job = next(j for j in periodic.jobs() if j.name == "listening.ingest_channels")
    assert job.every_seconds == 60


def test_a_comment_the_platform_delivers_twice_is_one_opinion(tree, fake_facebook):  # noqa: F811
    account, post_id = facebook_page_with_post(tree.unit, fake_facebook)
    signed = fake_facebook.build_comment_webhook(post_id=post_id, message="Bao giờ họp ạ?")
    for _ in range(2):  # Meta redelivers when our answer was slow
        facebook_webhook_process(account, signed)
        channel_messages_ingest()
    opinion = Opinion.objects.get()
    assert (opinion.text, opinion.unit, opinion.source) == (
        "Bao giờ họp ạ?",
        tree.unit,
        OpinionSource.CHANNEL_COMMENT,
    )
