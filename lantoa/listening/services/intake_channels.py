"""Intake plug-in: comments, replies and messages that reached the union's
channels (channels.InboundMessage) become Opinions (docs/subsystems/listening.md).

Runs as a periodic job (`apps.py`). Idempotent: each message is keyed
`channels.inboundmessage:<id>`, so a message is one opinion however often the
job runs or overlaps with itself.

Which messages are new: those above the highest message id already taken, with
an overlap below it (OVERLAP ids). Ids are handed out when a row is inserted,
not when its transaction commits, so a message inserted by a slow transaction
can become visible after a higher id was already taken; the overlap picks it
up on a later run, and the unique key keeps the rest from being taken twice.

Not member voice, so not taken: messages without text (a removed comment, a
sticker) and the channel's own answers (a Page replying under a post).

Later changes on the platform follow the opinion (`opinion_sync_from_message`,
queued by signal_handlers whenever a stored message is saved again): an edit
replaces the text, keeps the earlier one in `text_history` and has the opinion
analysed again; a removal by its author is recorded, the text is kept.
"""

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import Page

from lantoa.channels.models import InboundMessage
from lantoa.channels.services.inbound import author_ref
from lantoa.core.text import search_key
from lantoa.listening.choices import OpinionSource
from lantoa.listening.models import Opinion
from lantoa.listening.services.intake import (
    BulkIngestResult,
    enqueue_analysis,
    opinion_text,
    opinions_ingest_many,
)

KEY_PREFIX = "channels.inboundmessage:"
BATCH = 1000
OVERLAP = 500


def source_key_for(message_id: int) -> str:
    return f"{KEY_PREFIX}{message_id}"


def message_id_of(opinion: Opinion) -> int | None:
    """The InboundMessage an opinion came from, or None for other sources."""
    if not opinion.source_key.startswith(KEY_PREFIX):
        return None
    tail = opinion.source_key.removeprefix(KEY_PREFIX)
    return int(tail) if tail.isdigit() else None


def _high_water_mark() -> int:
    latest = (
        Opinion.objects.filter(
            source__in=[OpinionSource.CHANNEL_COMMENT, OpinionSource.CHANNEL_MESSAGE],
            source_key__startswith=KEY_PREFIX,
        )
        .order_by("-id")
        .values_list("source_key", flat=True)
        .first()
    )
    tail = (latest or "").removeprefix(KEY_PREFIX)
    return int(tail) if tail.isdigit() else 0


def _is_own(message: InboundMessage) -> bool:
    """Written by the channel itself (the Page answering): not member voice."""
    own = author_ref(message.platform, message.account.external_id)
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


def _candidates(after_id: int, limit: int) -> list[InboundMessage]:
    return list(
        InboundMessage.objects.filter(pk__gt=after_id)
        .select_related("account__unit", "delivery__post__source_type")
        .order_by("pk")[:limit]
    )


def _new_rows(messages: Iterable[InboundMessage]) -> list[dict[str, Any]]:
    messages = list(messages)
    keys = [source_key_for(m.pk) for m in messages]
    taken = set(Opinion.objects.filter(source_key__in=keys).values_list("source_key", flat=True))
    return [
        _row(m)
        for m in messages
        if source_key_for(m.pk) not in taken and m.text.strip() and not _is_own(m)
    ]


def channel_messages_ingest(*, limit: int = BATCH, max_scan: int = 20 * BATCH) -> BulkIngestResult:
    """Turn up to `limit` new inbound messages into opinions, reading at most
    `max_scan` messages; analysis is queued after commit. Returns the counts."""
    total = BulkIngestResult()
    after = max(0, _high_water_mark() - OVERLAP)
    scanned = 0
    while scanned < max_scan and total.created < limit:
        batch = _candidates(after, BATCH)
        if not batch:
            break
        scanned += len(batch)
        # Walk on even when a whole batch is skipped (the Page's own answers),
        # so that a run never stalls on messages that make no opinion.
        after = batch[-1].pk
        rows = _new_rows(batch)[: limit - total.created]
        if not rows:
            continue
        try:
            result = opinions_ingest_many(rows)
        except IntegrityError:
            # Another run took some of these between our check and our insert:
            # this batch rolled back, and the next run takes what is left.
            break
        total.created += result.created
        total.existing += result.existing
        total.errors.extend(result.errors)
    return total


@transaction.atomic
def opinion_sync_from_message(*, message_id: int) -> str:
    """Bring the opinion of an inbound message up to date with the platform.

    Returns what happened: "edited", "removed", "restored", or "" (no opinion yet — the
    intake job will take the current text — or nothing changed, e.g. the
    same event delivered twice, or the Page hiding the comment).
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
