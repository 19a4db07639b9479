"""Answering an opinion where it was said: reply on the channel it came from, or
hide a toxic comment on the platform. The platform work is the channels app's
(`channels.services.moderation`); this records the outcome on the opinion."""

from lantoa.channels.models import InboundMessage
from lantoa.channels.services.moderation import inbound_message_hide, inbound_message_reply
from lantoa.core.actors import Actor
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.listening.models import Opinion
from lantoa.listening.selectors_admin import can_triage, opinion_inbound_message
from lantoa.listening.services.triage import opinion_mark_handled


def _message(actor: Actor, opinion: Opinion) -> InboundMessage:
    if not can_triage(actor, opinion):
        raise PermissionDenied()
    message = opinion_inbound_message(opinion)
    if message is None:
        raise InvalidInput("Ý kiến này không đến từ một kênh mạng xã hội.")
    return message


def opinion_source_message(opinion: Opinion) -> InboundMessage | None:
    """The channel comment an opinion was taken from, for apps above that
    moderate it themselves (incidents asks the platform to hide or delete it)."""
    return opinion_inbound_message(opinion)


def opinion_reply(*, actor: Actor, opinion: Opinion, text: str) -> Opinion:
    """Reply through the channel the opinion came from, then mark it handled with
    the reply in its note (kept after any earlier note). Not idempotent: each
    call posts one more reply."""
    message = _message(actor, opinion)
    inbound_message_reply(actor=actor, message=message, text=text)
    line = f"Đã trả lời trên {message.get_platform_display()}: «{text.strip()}»"
    note = f"{opinion.note}\n{line}" if opinion.note else line
    return opinion_mark_handled(actor=actor, opinion=opinion, note=note)


def opinion_hide_on_platform(*, actor: Actor, opinion: Opinion) -> InboundMessage:
    """Hide the comment the opinion came from on its platform. The opinion itself
    stays (it is still the member's voice, and training data)."""
    return inbound_message_hide(actor=actor, message=_message(actor, opinion))
