"""Intake plug-in: comments, replies and messages that reached the union's
channels (channels.InboundMessage) become Opinions (docs/subsystems/listening.md).

Listening hears the channels' domain events (subscribed in `apps.py`):
`channels.inbound_message_stored` makes the message an opinion
(`channel_message_ingest`), `…_edited` and `…_removed` bring its opinion up
to date (`opinion_sync_from_message`). Both are idempotent: a message is keyed
`channels.inboundmessage:<id>`, so it is one opinion however often it is heard,
and a change already recorded changes nothing.

Not member voice, so not taken: messages without text (a removed comment, a
sticker) and the channel's own answers (a Page replying under a post).

An edit replaces the text, keeps the earlier one in `text_history` and has
the opinion analysed again; a removal by its author is recorded, the text is
kept.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from lantoa.channels.models import InboundMessage
from lantoa.core.pseudonyms import platform_user_ref
from lantoa.core.text import search_key
from lantoa.listening.choices import OpinionSource
from lantoa.listening.models import Opinion
from lantoa.listening.services.intake import enqueue_analysis, opinion_ingest, opinion_text

KEY_PREFIX = "channels.inboundmessage:"


def source_key_for(message_id: int) -> str:
    return f"{KEY_PREFIX}{message_id}"


def message_id_of(opinion: Opinion) -> int | None:
    """The InboundMessage an opinion came from, or None for other sources."""
    if not opinion.source_key.startswith(KEY_PREFIX):
        return None
    tail = opinion.source_key.removeprefix(KEY_PREFIX)
    return int(tail) if tail.isdigit() else None


def _is_own(message: InboundMessage) -> bool:
    """Written by the channel itself (the Page answering): not member voice."""
    own = platform_user_ref(message.platform, message.account.external_id)
    return bool(own) and message.author_ref == own


def _page_id(message: InboundMessage) -> int | None:
    """The website page the commented post shared, when it shared one."""
    post = message.delivery.post if message.delivery_id and message.delivery else None
    if post is None or post.source_type is None or not post.source_id.isdigit():
        return None
    model = post.source_type.model_class()
    return int(post.source_id) if model is not None and issubclass(model, Page) else None


def _row(message: InboundMessage) -> dict[str, Any]:
    is_message = message.kind == InboundMessage.Kind.MESSAGE
    return {
        "unit": message.account.unit,
        "source": OpinionSource.CHANNEL_MESSAGE if is_message else OpinionSource.CHANNEL_COMMENT,
        "source_key": source_key_for(message.pk),
        "text": message.text,
        "received_at": message.created_at,
        # Already a pseudonym (an HMAC made by channels); never the platform's id.
        "author_ref": message.author_ref,
        "source_url": message.delivery.external_url if message.delivery else "",
        "channel_account_id": message.account_id,
        "page_id": _page_id(message),
    }


def channel_message_ingest(*, message_id: int) -> Opinion | None:
    """Make the inbound message `message_id` an opinion, once; analysis is
    queued after commit. None when it is not member voice (no text, the
    channel's own answer) or is gone. The opinion already made is returned
    as it is."""
    message = (
        InboundMessage.objects.select_related("account__unit", "delivery__post__source_type")
        .filter(pk=message_id)
        .first()
    )
    if message is None or not opinion_text(message.text) or _is_own(message):
        return None
    opinion, _created = opinion_ingest(**_row(message))
    return opinion


@transaction.atomic
def opinion_sync_from_message(*, message_id: int) -> str:
    """Bring the opinion of an inbound message up to date with the platform.

    Returns what happened: "edited", "removed", "restored", or "" (no opinion
    yet — the message's own `stored` event makes it from the current text — or
    nothing changed, e.g. the same change heard twice, or the Page hiding the
    comment).
    """
    opinion = (
        Opinion.objects.select_for_update().filter(source_key=source_key_for(message_id)).first()
    )
    message = InboundMessage.objects.filter(pk=message_id).only("text", "updated_at").first()
    if opinion is None or message is None:
        return ""
    text = opinion_text(message.text)
    if not text:
        if opinion.removed_at_source is not None:
            return ""
        opinion.removed_at_source = message.updated_at or timezone.now()
        opinion.save(update_fields=["removed_at_source"])
        return "removed"
    if text == opinion.text:
        if opinion.removed_at_source is None:
            return ""
        # Put back on the platform (Facebook sends "edited" after a "remove").
        opinion.removed_at_source = None
        opinion.save(update_fields=["removed_at_source"])
        return "restored"
    changed_at = message.updated_at or timezone.now()
    opinion.text_history = [
        *opinion.text_history,
        {"text": opinion.text, "replaced_at": changed_at.isoformat()},
    ]
    opinion.text = text
    opinion.folded_text = search_key(text)
    opinion.edited_at_source = changed_at
    opinion.removed_at_source = None
    # The officers' labels judged the earlier text (each correction keeps that
    # text); the new one carries the model's labels until someone corrects it.
    opinion.labels_corrected = False
    opinion.analysed_at = None
    opinion.duplicate_of = None
    opinion.save(
        update_fields=[
            "text", "folded_text", "text_history", "edited_at_source", "removed_at_source",
            "labels_corrected", "analysed_at", "duplicate_of",
        ]
    )  # fmt: skip
    enqueue_analysis([opinion.pk])
    return "edited"
