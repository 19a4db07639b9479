"""Running the models over stored opinions. Failures are recorded on the
opinion and retried later; the opinion itself is never lost or changed. Each
analysed batch announces `listening.opinions_analysed` in its transaction."""

import logging
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lantoa.core import events
from lantoa.listening.events import OPINIONS_ANALYSED
from lantoa.listening.ml.dedup import group_near_duplicates
from lantoa.listening.models import Opinion
from lantoa.listening.services.retraining import active_version

if TYPE_CHECKING:
    from lantoa.listening.ml.artefacts import ListeningModels

logger = logging.getLogger(__name__)

BATCH = 500
DUPLICATE_LOOKBACK = timedelta(days=7)


@lru_cache(maxsize=2)
def models_for(version: str | None = None, root: Path | None = None) -> "ListeningModels":
    """The artefacts named in settings (or `version` under `root`), loaded once per process."""
    # Imported here: skops pulls in scikit-learn (seconds), and every process
    # that imports the task modules (web, worker, commands) would pay for it.
    from lantoa.listening.ml.artefacts import load_models

    return load_models(version or settings.LANTOA_LISTENING_MODEL_VERSION or None, root)


def models_in_use() -> "ListeningModels":
    """The deployment's active retrained model, else the shipped default."""
    version, root = active_version()
    return models_for(version, root)


def opinions_analyse(*, opinion_ids: list[int], version: str | None = None) -> int:
    """Analyse these opinions (again, if already analysed). Returns how many succeeded."""
    done = 0
    for start in range(0, len(opinion_ids), BATCH):
        chunk = list(Opinion.objects.filter(pk__in=opinion_ids[start : start + BATCH]))
        done += _analyse_chunk(chunk, version)
    return done


def opinions_analyse_pending(*, limit: int = 5000) -> int:
    """Everything not yet analysed (new, or failed before) — the periodic catch-up."""
    ids = list(
        Opinion.objects.filter(analysed_at__isnull=True)
        .order_by("received_at")
        .values_list("pk", flat=True)[:limit]
    )
    return opinions_analyse(opinion_ids=ids)


def _analyse_chunk(opinions: list[Opinion], version: str | None) -> int:
    if not opinions:
        return 0
    now = timezone.now()
    try:
        models = models_for(version) if version else models_in_use()
        results = models.analyse([o.text for o in opinions])
    except Exception as exc:
        logger.exception("listening analysis failed for %d opinions", len(opinions))
        Opinion.objects.filter(pk__in=[o.pk for o in opinions]).update(
            analysis_error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        return 0
    for opinion, result in zip(opinions, results, strict=True):
        if not opinion.labels_corrected:
            opinion.sentiment = result.sentiment.label
            opinion.toxicity = result.toxicity.label
        opinion.sentiment_confidence = result.sentiment.confidence
        opinion.sentiment_evidence = [e.as_dict() for e in result.evidence]
        opinion.toxicity_confidence = result.toxicity.confidence
        opinion.spans = [
            {"start": s.start, "end": s.end, "text": s.text, "score": round(s.score, 3)}
            for s in result.spans
        ]
        opinion.model_version = result.model_version
        opinion.analysed_at = now
        opinion.analysis_error = ""
    with transaction.atomic():
        Opinion.objects.bulk_update(
            opinions,
            [
                "sentiment", "toxicity", "sentiment_confidence", "toxicity_confidence", "spans",
                "sentiment_evidence",
                "model_version", "analysed_at", "analysis_error",
            ],
        )  # fmt: skip
        _mark_duplicates(opinions)
        events.announce(
            OPINIONS_ANALYSED,
            opinion_ids=[o.pk for o in opinions],
            unit_ids=sorted({o.unit_id for o in opinions}),
            model_version=opinions[0].model_version,
        )
    return len(opinions)


def _mark_duplicates(opinions: list[Opinion]) -> None:
    """The same complaint posted many times points at its first occurrence."""
    by_unit: dict[int, list[Opinion]] = {}
    for opinion in opinions:
        by_unit.setdefault(opinion.unit_id, []).append(opinion)
    for unit_id, fresh in by_unit.items():
        since = min(o.received_at for o in fresh) - DUPLICATE_LOOKBACK
        fresh_ids = {o.pk for o in fresh}
        earlier = list(
            Opinion.objects.filter(
                unit_id=unit_id, received_at__gte=since, duplicate_of__isnull=True
            )
            .exclude(pk__in=fresh_ids)
            .order_by("received_at")
            .only("pk", "text", "received_at")[:2000]
        )
        pool = earlier + sorted(fresh, key=lambda o: (o.received_at, o.pk))
        changed = []
        for group in group_near_duplicates([o.text for o in pool]):
            if len(group) < 2:
                continue
            first = pool[group[0]]
            for index in group[1:]:
                item = pool[index]
                if item.pk in fresh_ids and item.duplicate_of_id != first.pk:
                    item.duplicate_of_id = first.pk
                    changed.append(item)
        if changed:
            Opinion.objects.bulk_update(changed, ["duplicate_of"])
