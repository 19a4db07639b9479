"""Replying to and hiding comments through the platform they came from, against
the Facebook and Telegram fakes (real HTTP on 127.0.0.1). Comments arrive the
way production receives them: a signed webhook, stored, then processed."""

import pytest

from devstack.fakes import FakeTelegram
from lantoa.channels.adapters.base import PostContent
from lantoa.channels.adapters.facebook import FacebookAdapter
from lantoa.channels.choices import Platform
from lantoa.channels.models import InboundMessage
from lantoa.channels.services.credentials import account_view
from lantoa.channels.services.inbound import inbound_event_process, inbound_event_record
from lantoa.channels.services.moderation import (
    can_delete,
    can_hide,
    can_reply,
    inbound_message_delete,
    inbound_message_hide,
    inbound_message_reply,
)
from lantoa.channels.tests.factories import (
    facebook_account_without_moderation,
)
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.core.models import AuditLogEntry
from lantoa.org.choices import Role
from lantoa.org.tests.factories import OrgUnitFactory, RoleAssignmentFactory

GROUP_ID = -1009876543210  # the fake's discussion group of its default channel


def _receive(platform, account, signed):
    event = inbound_event_record(
        platform=platform,
        account=account,
        headers=signed.headers,
        body=signed.body,
        signature_valid=True,
    )
    inbound_event_process(event_id=event.pk)
    return InboundMessage.objects.order_by("-id").first()


def _fb_post(account):
    adapter = FacebookAdapter()
    rendered = adapter.render(PostContent("Lấy ý kiến về bữa ăn ca"), marker="m1")
    return adapter.publish(account_view(account), rendered).external_id


@pytest.fixture
def fb_comment(facebook_account, fake_facebook):
    post_id = _fb_post(facebook_account)
    signed = fake_facebook.build_comment_webhook(post_id=post_id, message="Đồ ăn ca dở tệ")
    return _receive(Platform.FACEBOOK_PAGE, facebook_account, signed)


@pytest.fixture
def tg_comment(telegram_account, fake_telegram):
    signed = fake_telegram.build_comment_webhook(text="Bao giờ có thưởng Tết ạ?", message_id=7)
    return _receive(Platform.TELEGRAM_CHANNEL, telegram_account, signed)


@pytest.fixture
def sibling_officer(unit):
    sibling = OrgUnitFactory(code="KCM", name="CĐCS Khí Cà Mau")
    return RoleAssignmentFactory(unit=sibling, role=Role.OFFICER).user


# -- Facebook ------------------------------------------------------------------------


def test_facebook_reply_is_a_page_comment_under_the_members_comment(
    fb_comment, fake_facebook, officer
):
    assert can_reply(fb_comment)
    reply_id = inbound_message_reply(
        actor=officer, message=fb_comment, text="Ban đời sống sẽ làm việc với nhà ăn."
    )
    reply = fake_facebook.objects[reply_id]
    assert reply["message"] == "Ban đời sống sẽ làm việc với nhà ăn."
    assert reply["parent"] == {"id": fb_comment.external_id}
    assert reply["from"]["id"] == fake_facebook.PAGE_ID
    assert fake_facebook.objects[fb_comment.external_id]["replies"] == [reply_id]
    entry = AuditLogEntry.objects.get(action="channels.inbound_reply")
    assert (entry.actor, entry.target_id, entry.data["reply_id"]) == (
        officer,
        str(fb_comment.pk),
        reply_id,
    )


def test_facebook_reply_to_a_reply_goes_to_the_top_level_thread(
    facebook_account, fake_facebook, fb_comment, officer
):
    signed = fake_facebook.build_comment_webhook(
        post_id=fake_facebook.objects[fb_comment.external_id]["post_id"],
        parent_id=fb_comment.external_id,
        message="Đồng ý, cơm nguội",
    )
    reply_in = _receive(Platform.FACEBOOK_PAGE, facebook_account, signed)
    assert reply_in.kind == InboundMessage.Kind.REPLY
    answer_id = inbound_message_reply(actor=officer, message=reply_in, text="Đã ghi nhận.")
    assert fake_facebook.objects[answer_id]["parent"] == {"id": fb_comment.external_id}


def test_facebook_hide_hides_on_the_platform_once(fb_comment, fake_facebook, officer):
    assert can_hide(fb_comment)
    inbound_message_hide(actor=officer, message=fb_comment)
    assert fake_facebook.objects[fb_comment.external_id]["is_hidden"] is True
    fb_comment.refresh_from_db()
    assert fb_comment.is_hidden is True
    assert not can_hide(fb_comment)
    calls = len(fake_facebook.requests)
    inbound_message_hide(actor=officer, message=fb_comment)  # already hidden: no call
    assert len(fake_facebook.requests) == calls
    assert AuditLogEntry.objects.filter(action="channels.inbound_hide").count() == 1


def test_facebook_refusal_is_reported_and_nothing_recorded(unit, fake_facebook, officer, settings):
    account = facebook_account_without_moderation(fake_facebook, unit, "104000000000777")
    post_id = _fb_post(account)
    signed = fake_facebook.build_comment_webhook(post_id=post_id, message="Đồ ngu")
    message = _receive(Platform.FACEBOOK_PAGE, account, signed)
    with pytest.raises(InvalidInput) as refused:
        inbound_message_hide(actor=officer, message=message)
    assert refused.value.message.startswith("Nền tảng không thực hiện được: ")
    assert "(mã 200)" in refused.value.message
    message.refresh_from_db()
    assert message.is_hidden is False
    assert "is_hidden" not in fake_facebook.objects[message.external_id]
    assert not AuditLogEntry.objects.filter(action__startswith="channels.inbound_").exists()


def test_facebook_delete_removes_the_comment_for_good(fb_comment, fake_facebook, officer):
    assert can_delete(fb_comment)
    inbound_message_delete(actor=officer, message=fb_comment)
    assert fake_facebook.objects[fb_comment.external_id]["deleted"] is True
    fb_comment.refresh_from_db()
    assert fb_comment.is_hidden is True
    assert AuditLogEntry.objects.filter(action="channels.inbound_delete").count() == 1
    with pytest.raises(InvalidInput, match="Nền tảng không thực hiện được"):
        inbound_message_delete(actor=officer, message=fb_comment)  # gone: Facebook refuses
    assert AuditLogEntry.objects.filter(action="channels.inbound_delete").count() == 1


def test_facebook_delete_needs_the_engagement_permission(unit, fake_facebook, officer):
    account = facebook_account_without_moderation(fake_facebook, unit, "104000000000778")
    signed = fake_facebook.build_comment_webhook(post_id=_fb_post(account), message="Đồ ngu")
    message = _receive(Platform.FACEBOOK_PAGE, account, signed)
    with pytest.raises(InvalidInput, match=r"\(mã 200\)"):
        inbound_message_delete(actor=officer, message=message)
    assert not fake_facebook.objects[message.external_id].get("deleted")
    message.refresh_from_db()
    assert message.is_hidden is False


# -- Telegram ------------------------------------------------------------------------


def test_telegram_delete_needs_a_bot_allowed_to_delete_in_the_group(
    tg_comment, fake_telegram, officer
):
    assert can_delete(tg_comment)
    key = (GROUP_ID, int(tg_comment.external_id.split(":")[1]))
    with pytest.raises(InvalidInput, match="can't be deleted"):
        inbound_message_delete(actor=officer, message=tg_comment)
    assert not fake_telegram.messages[key].get("_deleted")
    fake_telegram.chats[GROUP_ID].can_delete_messages = True
    inbound_message_delete(actor=officer, message=tg_comment)
    assert fake_telegram.messages[key]["_deleted"] is True
    assert AuditLogEntry.objects.filter(action="channels.inbound_delete").count() == 1


def test_telegram_reply_goes_to_the_discussion_group_as_a_reply(tg_comment, fake_telegram, officer):
    assert tg_comment.kind == InboundMessage.Kind.COMMENT
    comment_mid = int(tg_comment.external_id.split(":")[1])
    reply_id = inbound_message_reply(
        actor=officer, message=tg_comment, text="Công đoàn sẽ thông báo trong tuần này."
    )
    chat, mid = reply_id.split(":")
    assert int(chat) == GROUP_ID
    sent = fake_telegram.messages[(GROUP_ID, int(mid))]
    assert sent["text"] == "Công đoàn sẽ thông báo trong tuần này."
    assert sent["reply_to_message"]["message_id"] == comment_mid


def test_telegram_cannot_hide(tg_comment, officer, fake_telegram):
    assert can_reply(tg_comment)
    assert not can_hide(tg_comment)
    calls = len(fake_telegram.requests)
    with pytest.raises(InvalidInput, match="không cho phép ẩn"):
        inbound_message_hide(actor=officer, message=tg_comment)
    assert len(fake_telegram.requests) == calls


def test_telegram_reply_to_a_vanished_message_is_refused(telegram_account, officer):
    message = InboundMessage.objects.create(
        account=telegram_account,
        platform=Platform.TELEGRAM_CHANNEL,
        external_id=f"{GROUP_ID}:424242",
        kind=InboundMessage.Kind.COMMENT,
        text="đã bị xoá",
        created_at="2026-05-01T08:00:00+07:00",
    )
    with pytest.raises(InvalidInput, match="message to be replied not found"):
        inbound_message_reply(actor=officer, message=message, text="Trả lời")
    assert not AuditLogEntry.objects.filter(action="channels.inbound_reply").exists()


# -- rules common to every platform -------------------------------------------------------


def test_officer_of_another_unit_can_neither_reply_nor_hide(
    fb_comment, fake_facebook, sibling_officer
):
    calls = len(fake_facebook.requests)
    with pytest.raises(PermissionDenied):
        inbound_message_reply(actor=sibling_officer, message=fb_comment, text="Xin chào")
    with pytest.raises(PermissionDenied):
        inbound_message_hide(actor=sibling_officer, message=fb_comment)
    assert len(fake_facebook.requests) == calls
    assert fake_facebook.objects[fb_comment.external_id]["replies"] == []
    assert not AuditLogEntry.objects.filter(action__startswith="channels.inbound_").exists()


def test_empty_reply_and_direct_messages_are_refused(fb_comment, telegram_account, officer):
    with pytest.raises(InvalidInput, match="không có nội dung"):
        inbound_message_reply(actor=officer, message=fb_comment, text="   ")
    direct = InboundMessage.objects.create(
        account=telegram_account,
        platform=Platform.TELEGRAM_CHANNEL,
        external_id=f"{FakeTelegram.DEFAULT_CHANNEL_ID}:5",
        kind=InboundMessage.Kind.MESSAGE,
        text="Cho em hỏi",
        created_at="2026-05-01T08:00:00+07:00",
    )
    assert not can_reply(direct)
    with pytest.raises(InvalidInput, match="không cho phép trả lời"):
        inbound_message_reply(actor=officer, message=direct, text="Chào bạn")
