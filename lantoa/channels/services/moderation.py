"""Answering and moderating what reached a channel: reply to a comment through the
platform it came from, hide a comment where the platform's API allows it.

Which platform can do what is read from its adapter (`reply_to_comment`,
`hide_comment`): Facebook can reply and hide; Telegram can reply in the
channel's discussion group but has nothing like hiding (deleting is not
hiding); the others can do neither through their APIs.

The platform is called outside any database transaction (a slow platform must
not hold row locks); only what it answered is written, with the audit entry.
A refusal is not a broken channel: a Page token without
`pages_manage_engagement` still publishes, so the account is left as it is and
the platform's reason is shown to the officer.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from lantoa.channels.adapters.base import ChannelError
from lantoa.channels.adapters.registry import adapter_for
from lantoa.channels.models import InboundMessage
from lantoa.channels.services.credentials import account_view
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.org.choices import Perm
from lantoa.org.scoping import user_can

AnyUser = AbstractBaseUser | AnonymousUser

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


def _has(message: InboundMessage, method: str) -> bool:
    try:
        return callable(getattr(adapter_for(message.platform), method, None))
    except LookupError:
        return False


def _require(actor: AnyUser, message: InboundMessage) -> None:
    if not user_can(actor, Perm.CONTENT_EDIT, message.account.unit):
        raise PermissionDenied()


def _refused(exc: ChannelError) -> InvalidInput:
    return InvalidInput(f"Nền tảng không thực hiện được: {exc.message}")


def inbound_message_reply(*, actor: AnyUser, message: InboundMessage, text: str) -> str:
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
        action="channels.inbound_reply",
        target=message,
        unit_path=message.account.unit.path,
        data={"reply_id": reply_id, "text": text[:500]},
    )
    return reply_id


def inbound_message_hide(*, actor: AnyUser, message: InboundMessage) -> InboundMessage:
    """Hide `message` on its platform and record it as hidden. Idempotent: a
    message already hidden is returned unchanged, without calling the platform."""
    _require(actor, message)
    if message.is_hidden:
        return message
    if not can_hide(message):
        raise InvalidInput("Nền tảng này không cho phép ẩn bình luận qua API.")
    adapter = adapter_for(message.platform)
    try:
        adapter.hide_comment(account_view(message.account), message.external_id)  # type: ignore[attr-defined]
    except ChannelError as exc:
        raise _refused(exc) from exc
    with transaction.atomic():
        message.is_hidden = True
        message.save(update_fields=["is_hidden", "updated_at"])
        audit_record(
            actor=actor,
            action="channels.inbound_hide",
            target=message,
            unit_path=message.account.unit.path,
        )
    return message
