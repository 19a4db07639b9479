"""Answering and moderating what reached a channel: reply to a comment through the
platform it came from, hide or delete a comment where the platform's API allows it.

Which platform can do what is read from its adapter (`reply_to_comment`,
`hide_comment`, `delete_comment`): Facebook can reply, hide and delete;
Telegram can reply in the channel's discussion group and delete there (within
48 hours, when the bot may delete messages) but has nothing like hiding; Zalo
and Viber can do none of these through their APIs.

The platform is called outside any database transaction (a slow platform must
not hold row locks); only what it answered is written, with the audit entry.
A refusal is not a broken channel: a Page token without
`pages_manage_engagement` still publishes, so the account is left as it is and
the platform's reason is shown to the officer.
"""

from django.db import transaction

from lantoa.channels.adapters.base import ChannelError
from lantoa.channels.adapters.registry import adapter_for
from lantoa.channels.choices import ChannelAction
from lantoa.channels.models import InboundMessage
from lantoa.channels.services.credentials import account_view
from lantoa.core.actors import Actor
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.org.choices import Perm
from lantoa.org.scoping import user_can

MAX_REPLY = 8000  # Facebook's comment limit; Telegram's 4096 is checked by Telegram


def can_reply(message: InboundMessage) -> bool:
    """Whether the message's platform lets Lantoa answer it in place."""
    return message.kind != InboundMessage.Kind.MESSAGE and _has(message, "reply_to_comment")


def can_hide(message: InboundMessage) -> bool:
    """Whether the message's platform lets Lantoa hide it (and it is not hidden yet)."""
    return (
        message.kind != InboundMessage.Kind.MESSAGE
        and not message.is_hidden
        and _has(message, "hide_comment")
    )


def can_delete(message: InboundMessage) -> bool:
    """Whether the message's platform lets Lantoa delete it (comments only:
    a private message is the sender's own)."""
    return message.kind != InboundMessage.Kind.MESSAGE and _has(message, "delete_comment")


def _has(message: InboundMessage, method: str) -> bool:
    try:
        return callable(getattr(adapter_for(message.platform), method, None))
    except LookupError:
        return False


def _require(actor: Actor, message: InboundMessage) -> None:
    if not user_can(actor, Perm.CONTENT_EDIT, message.account.unit):
        raise PermissionDenied()


def _refused(exc: ChannelError) -> InvalidInput:
    return InvalidInput(f"Nền tảng không thực hiện được: {exc.message}")


def inbound_message_reply(*, actor: Actor, message: InboundMessage, text: str) -> str:
    """Post `text` as the channel's answer to `message`. Returns the platform's id
    of the answer. Not idempotent: each call posts one more answer."""
    _require(actor, message)
    text = text.strip()
    if not text:
        raise InvalidInput("Câu trả lời không có nội dung.")
    if len(text) > MAX_REPLY:
        raise InvalidInput(f"Câu trả lời dài quá {MAX_REPLY} ký tự.")
    if not can_reply(message):
        raise InvalidInput("Nền tảng này không cho phép trả lời bình luận qua API.")
    adapter = adapter_for(message.platform)
    try:
        reply_id = str(
            adapter.reply_to_comment(  # type: ignore[attr-defined]
                account_view(message.account),
                message.external_id,
                text,
                parent_external_id=message.parent_external_id,
            )
        )
    except ChannelError as exc:
        raise _refused(exc) from exc
    audit_record(
        actor=actor,
        action=ChannelAction.INBOUND_REPLY,
        target=message,
        unit_path=message.account.unit.path,
        data={"reply_id": reply_id, "text": text[:500]},
    )
    return reply_id


def _take_down(
    actor: Actor, message: InboundMessage, method: str, action: ChannelAction
) -> InboundMessage:
    """Call the adapter's `method` (hide_comment, delete_comment) on the
    message, then record it as no longer shown, with the audit entry."""
    adapter = adapter_for(message.platform)
    try:
        getattr(adapter, method)(account_view(message.account), message.external_id)
    except ChannelError as exc:
        raise _refused(exc) from exc
    with transaction.atomic():
        message.is_hidden = True
        message.save(update_fields=["is_hidden", "updated_at"])
        audit_record(
            actor=actor, action=action, target=message, unit_path=message.account.unit.path
        )
    return message


def inbound_message_hide(*, actor: Actor, message: InboundMessage) -> InboundMessage:
    """Hide `message` on its platform and record it as hidden. Idempotent: a
    message already hidden is returned unchanged, without calling the platform."""
    _require(actor, message)
    if message.is_hidden:
        return message
    if not can_hide(message):
        raise InvalidInput("Nền tảng này không cho phép ẩn bình luận qua API.")
    return _take_down(actor, message, "hide_comment", ChannelAction.INBOUND_HIDE)


def inbound_message_delete(*, actor: Actor, message: InboundMessage) -> InboundMessage:
    """Delete `message` on its platform, for good, and record it as no longer
    shown (`is_hidden`). Not idempotent on the platform (a deleted comment is
    gone: a second call is refused by it); callers keep their own record."""
    _require(actor, message)
    if not can_delete(message):
        raise InvalidInput("Nền tảng này không cho phép xoá bình luận qua API.")
    return _take_down(actor, message, "delete_comment", ChannelAction.INBOUND_DELETE)


def can_answer_privately(message: InboundMessage) -> bool:
    """Whether Lantoa can answer the author of a private message (a tip)
    through the platform it came from."""
    return message.kind == InboundMessage.Kind.MESSAGE and _has(message, "send_private_message")


def _raw_author_id(message: InboundMessage) -> str:
    """The platform's id of the message's author, read back from the raw
    webhook body (kept LANTOA_INBOUND_RAW_RETENTION_DAYS; messages keep only a pseudonym)."""
    event = message.event
    if event is None or not event.body:
        raise InvalidInput(
            "Đã quá thời hạn lưu địa chỉ người gửi: không trả lời riêng được qua kênh này nữa."
        )
    for item in adapter_for(message.platform).parse_webhook(event.body.encode("utf-8")):
        if item.external_id == message.external_id:
            return item.author_ref
    raise InvalidInput("Không tìm thấy người gửi trong dữ liệu gốc của tin nhắn.")


def inbound_message_answer_privately(*, actor: Actor, message: InboundMessage, text: str) -> str:
    """Send `text` to the author of a private message, on the platform it
    came through (Zalo OA consultation message, Telegram reply in the chat).
    Returns the platform's id of the answer. Not idempotent: callers keep
    their own record of what was sent (incidents' reporter replies)."""
    _require(actor, message)
    text = text.strip()
    if not text:
        raise InvalidInput("Câu trả lời không có nội dung.")
    if len(text) > 2000:
        raise InvalidInput("Câu trả lời riêng dài quá 2.000 ký tự.")
    if not can_answer_privately(message):
        raise InvalidInput("Nền tảng này không cho phép trả lời riêng người gửi qua API.")
    author_id = _raw_author_id(message)
    adapter = adapter_for(message.platform)
    try:
        answer_id = str(
            adapter.send_private_message(  # type: ignore[attr-defined]
                account_view(message.account), message.external_id, author_id, text
            )
        )
    except ChannelError as exc:
        raise _refused(exc) from exc
    audit_record(
        actor=actor,
        action=ChannelAction.INBOUND_REPLY,
        target=message,
        unit_path=message.account.unit.path,
        data={"reply_id": answer_id, "text": text[:500], "private": True},
    )
    return answer_id
