"""Intake: every piece of member voice becomes an Opinion, stored first.

Idempotent by `source_key`: the same comment or feedback delivered twice is
one opinion. Analysis is queued after commit and never blocks intake."""

from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from django.db import transaction
from django.utils import timezone

from lantoa.core.exceptions import InvalidInput
from lantoa.core.text import normalize_nfc, search_key
from lantoa.listening.models import Opinion
from lantoa.org.public import OrgUnit

MAX_TEXT = 20_000


def enqueue_analysis(opinion_ids: list[int]) -> None:
    from lantoa.listening import tasks

    if opinion_ids:
        transaction.on_commit(partial(tasks.opinions_analyse_task.enqueue, opinion_ids=opinion_ids))


def opinion_text(raw: object) -> str:
    """A text as opinions store it: NFC, trimmed, at most MAX_TEXT characters."""
    return normalize_nfc(str(raw or "")).strip()[:MAX_TEXT]


@transaction.atomic
def opinion_ingest(
    *,
    unit: OrgUnit,
    source: str,
    source_key: str,
    text: str,
    received_at: datetime | None = None,
    author_ref: str = "",
    source_url: str = "",
    channel_account_id: int | None = None,
    page_id: int | None = None,
) -> tuple[Opinion, bool]:
    """Store one opinion (or return the one already stored under `source_key`).

    Returns (opinion, created). Queues its analysis after commit."""
    text = opinion_text(text)
    if not text:
        raise InvalidInput("Ý kiến không có nội dung.")
    opinion, created = Opinion.objects.get_or_create(
        source_key=source_key[:255],
        defaults={
            "unit": unit,
            "source": source,
            "text": text,
            "folded_text": search_key(text),
            "received_at": received_at or timezone.now(),
            "author_ref": author_ref,
            "source_url": source_url[:500],
            "channel_account_id": channel_account_id,
            "page_id": page_id,
        },
    )
    if created:
        enqueue_analysis([opinion.pk])
    return opinion, created


@dataclass
class BulkIngestResult:
    created: int = 0
    existing: int = 0
    errors: list[str] = field(default_factory=list)


@transaction.atomic
def opinions_ingest_many(rows: list[dict[str, object]]) -> BulkIngestResult:
    """Many opinions in one transaction (imports, channel pulls); one analysis task."""
    result = BulkIngestResult()
    created_ids: list[int] = []
    keys = [str(r["source_key"]) for r in rows]
    existing = set(Opinion.objects.filter(source_key__in=keys).values_list("source_key", flat=True))
    to_create = []
    for row in rows:
        key = str(row["source_key"])[:255]
        text = opinion_text(row.get("text"))
        if key in existing:
            result.existing += 1
            continue
        if not text:
            result.errors.append(f"{key}: ý kiến không có nội dung.")
            continue
        existing.add(key)
        to_create.append(
            Opinion(
                unit=row["unit"],
                source=str(row["source"]),
                source_key=key,
                text=text,
                folded_text=search_key(text),
                received_at=row.get("received_at") or timezone.now(),
                author_ref=str(row.get("author_ref") or ""),
                source_url=str(row.get("source_url") or "")[:500],
                channel_account_id=row.get("channel_account_id"),  # type: ignore[misc]
                page_id=row.get("page_id"),  # type: ignore[misc]
            )
        )
    for opinion in Opinion.objects.bulk_create(to_create, batch_size=1000):
        created_ids.append(opinion.pk)
    result.created = len(created_ids)
    if not created_ids:  # PostgreSQL returns pks from bulk_create; SQLite ≥ 3.35 too
        return result
    enqueue_analysis(created_ids)
    return result
