"""Channel comments and messages become opinions: once each, with the channel's
unit, a pseudonymous author, and never the channel's own answers. Listening
hears them as the channels' `inbound_message_stored` events."""

import datetime as dt
from itertools import count

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from lantoa.channels.actors import INBOUND_SWEEP
from lantoa.channels.choices import Platform
from lantoa.channels.models import Delivery, InboundMessage
from lantoa.channels.services.inbound import inbound_messages_reannounce
from lantoa.channels.tests.conftest import fake_facebook  # noqa: F401 - the fixture
from lantoa.channels.tests.factories import ChannelAccountFactory, PostFactory
from lantoa.core import events, periodic
from lantoa.core.models import EventDelivery, StoredEvent
from lantoa.core.pseudonyms import platform_user_ref
from lantoa.core.testing import hearing
from lantoa.listening.choices import OpinionSource
from lantoa.listening.events import OPINIONS_ANALYSED
from lantoa.listening.models import Opinion
from lantoa.listening.services.intake_channels import channel_message_ingest
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
        author_ref=fields.pop("author_ref", platform_user_ref(account.platform, f"60{n}")),
        **fields,
    )


def ingest(*messages):
    """What listening's subscriber does when it hears each message stored."""
    return [channel_message_ingest(message_id=m.pk) for m in messages]


def test_a_comment_becomes_one_opinion_of_the_channels_unit(account, tree):
    message = inbound(account, author_ref=platform_user_ref(Platform.FACEBOOK_PAGE, "6012345678"))
    ingest(message)
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
    message = inbound(account)
    (first,) = ingest(message)
    assert ingest(message) == [first]
    assert Opinion.objects.count() == 1


def test_messages_replies_and_the_pages_own_answers(account):
    direct = inbound(account, "Cho em hỏi lịch họp", kind="message")
    reply = inbound(account, "Đồng ý với bạn", kind="reply")
    own = inbound(
        account,
        "Cảm ơn bạn đã góp ý",
        author_ref=platform_user_ref(account.platform, account.external_id),
    )
    sticker = inbound(account, "   ")  # a sticker, or a comment its author removed
    ingest(direct, reply, own, sticker)
    sources = dict(Opinion.objects.values_list("source_key", "source"))
    assert sources == {
        f"channels.inboundmessage:{direct.pk}": OpinionSource.CHANNEL_MESSAGE,
        f"channels.inboundmessage:{reply.pk}": OpinionSource.CHANNEL_COMMENT,
    }


def test_the_safety_net_announces_messages_never_announced_once(
    account, django_capture_on_commit_callbacks
):
    # Stored by a path that does not announce (or before the event existed).
    first = inbound(account, "Ý kiến thứ nhất")
    second = inbound(account, "Ý kiến thứ hai")
    with django_capture_on_commit_callbacks(execute=True):
        assert inbound_messages_reannounce(actor=INBOUND_SWEEP) == 2
    assert inbound_messages_reannounce(actor=INBOUND_SWEEP) == 0
    assert set(Opinion.objects.values_list("source_key", flat=True)) == {
        f"channels.inboundmessage:{first.pk}",
        f"channels.inboundmessage:{second.pk}",
    }
    heard = EventDelivery.objects.filter(subscriber="listening.ingest_channels")
    assert set(heard.values_list("status", flat=True)) == {"done"}
    assert heard.count() == 2
    # A message received before the window is left to what took it then.
    InboundMessage.objects.filter(pk=second.pk).update(received_at=AT)
    StoredEvent.objects.all().delete()
    assert inbound_messages_reannounce(actor=INBOUND_SWEEP) == 1


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
    ingest(inbound(account, delivery=delivery))
    opinion = Opinion.objects.get()
    assert (opinion.page_id, opinion.source_url) == (
        page.pk,
        "https://www.facebook.com/104/posts/1",
    )


def test_analysis_is_queued_after_commit(account, django_capture_on_commit_callbacks):
    message = inbound(account)
    with django_capture_on_commit_callbacks() as callbacks:
        ingest(message)
    assert len(callbacks) == 1  # the opinion's analysis task


def test_an_analysed_batch_is_announced(account, django_capture_on_commit_callbacks):
    message = inbound(account)
    with hearing(OPINIONS_ANALYSED) as heard, django_capture_on_commit_callbacks(execute=True):
        (opinion,) = ingest(message)
    opinion.refresh_from_db()
    assert opinion.analysed_at is not None
    (event,) = heard
    assert event.payload == {
        "opinion_ids": [opinion.pk],
        "unit_ids": [account.unit_id],
        "model_version": opinion.model_version,
    }


def test_intake_is_no_periodic_job_but_a_subscriber():
    names = [job.name for job in periodic.jobs()]
    assert "listening.ingest_channels" not in names
    subscribers = {event.name: [s.name for s in heard] for event, heard in events.catalogue()}
    assert "listening.ingest_channels" in subscribers["channels.inbound_message_stored"]
    assert subscribers["channels.inbound_message_edited"] == ["listening.follow_source_changes"]
    assert subscribers["channels.inbound_message_removed"] == ["listening.follow_source_changes"]


def test_a_comment_the_platform_delivers_twice_is_one_opinion(
    tree,
    fake_facebook,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    account, post_id = facebook_page_with_post(tree.unit, fake_facebook)
    signed = fake_facebook.build_comment_webhook(post_id=post_id, message="Bao giờ họp ạ?")
    for _ in range(2):  # Meta redelivers when our answer was slow
        with django_capture_on_commit_callbacks(execute=True):
            facebook_webhook_process(account, signed)
    # Stored once, announced once, heard once.
    assert StoredEvent.objects.filter(name="channels.inbound_message_stored").count() == 1
    heard = EventDelivery.objects.get(subscriber="listening.ingest_channels")
    assert heard.status == EventDelivery.Status.DONE
    opinion = Opinion.objects.get()
    assert (opinion.text, opinion.unit, opinion.source) == (
        "Bao giờ họp ạ?",
        tree.unit,
        OpinionSource.CHANNEL_COMMENT,
    )
