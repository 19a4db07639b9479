"""The union's own language: retraining from officers' corrections, promotion only
when the new model beats the active one on corrections it never saw, and rollback.

Corrections are split by a hash of their text: one in three is held out (never
trained on) and both models are scored on those; the rest joins the public domains
as one more domain of the general sentiment model (``ml/layered.py``). Versions are
written under ``LANTOA_LISTENING_MODELS_DIR``; the shipped base is linked there, not
copied."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lantoa.core.actors import Actor, actor_user_id
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.listening.choices import LabelTask, ListeningAction, ModelStatus
from lantoa.listening.models import LabelCorrection, ModelVersion
from lantoa.org.choices import Perm
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import user_can

if TYPE_CHECKING:
    from lantoa.listening.ml.artefacts import ListeningModels
    from lantoa.listening.ml.datasets import Split

MIN_HELD_OUT = 2
LABELS = ("negative", "neutral", "positive")


def models_dir() -> Path:
    return Path(settings.LANTOA_LISTENING_MODELS_DIR)


def active_model() -> ModelVersion | None:
    return ModelVersion.objects.filter(status=ModelStatus.ACTIVE).first()


def active_version() -> tuple[str | None, Path | None]:
    """(version, folder root) of the deployment's active model; (None, None) means
    the shipped default (or ``LANTOA_LISTENING_MODEL_VERSION``)."""
    active = active_model()
    if active is None:
        return None, None
    return active.version, models_dir()


def may_manage_models(*, actor: Actor) -> bool:
    """The model serves the whole deployment: officers of a root unit, or superusers."""
    if getattr(actor, "is_superuser", False):
        return True
    return any(user_can(actor, Perm.CONTENT_EDIT, root) for root in OrgUnit.get_root_nodes())


def _held_out(text: str) -> bool:
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:8], 16) % 3 == 0  # noqa: S324 - a split, not security


def corrections_split() -> tuple[Split, Split]:
    """(train, held out) from the latest sentiment correction of each opinion."""
    from lantoa.listening.ml.datasets import Split

    latest: dict[int, LabelCorrection] = {}
    for c in LabelCorrection.objects.filter(task=LabelTask.SENTIMENT).order_by("created_at", "id"):
        if c.label in LABELS:
            latest[c.opinion_id] = c
    train = Split([], [])
    held = Split([], [])
    for c in latest.values():
        text = c.text or c.opinion.text
        target = held if _held_out(text) else train
        target.texts.append(text)
        target.labels.append(c.label)
    return train, held


def _score(version: str | None, root: Path | None, held: Split) -> dict[str, Any]:
    from lantoa.listening.ml.artefacts import load_models
    from lantoa.listening.ml.classifier import evaluate

    models = load_models(version, root) if version else _default_models()
    predicted = [r.sentiment.label or "neutral" for r in models.analyse(held.texts, False)]
    figures = evaluate(held.labels, predicted, [lab for lab in LABELS if lab in held.labels])
    figures["version"] = models.version
    return figures


def _default_models() -> ListeningModels:
    from lantoa.listening.ml.artefacts import load_models

    return load_models(settings.LANTOA_LISTENING_MODEL_VERSION or None)


def _beats(candidate: dict[str, Any], current: dict[str, Any]) -> bool:
    return (candidate["macro_f1"], candidate["accuracy"]) > (
        current["macro_f1"],
        current["accuracy"],
    )


def listening_model_retrain(*, actor: Actor) -> ModelVersion:
    """Train a candidate from the public domains and the corrections; make it active
    only if it beats the active model on the held-out corrections."""
    from lantoa.listening.ml.artefacts import ARTEFACTS_DIR, load_models
    from lantoa.listening.ml.layered import build_layered
    from lantoa.listening.ml.multidomain import load_all

    if not may_manage_models(actor=actor):
        raise PermissionDenied()
    train, held = corrections_split()
    if len(held) < MIN_HELD_OUT or not len(train):
        raise InvalidInput(
            f"Cần thêm nhãn do cán bộ sửa: có {len(train)} để học và {len(held)} để kiểm tra "
            f"(cần ít nhất 1 và {MIN_HELD_OUT})."
        )
    from lantoa.listening.ml.datasets import datasets_dir

    if not (datasets_dir() / "uit-vsfc").is_dir():
        raise InvalidInput(
            f"Không thấy dữ liệu công khai ở {datasets_dir()} (đặt LANTOA_DATASETS_DIR)."
        )
    current_version, current_root = active_version()
    current = load_models(current_version, current_root) if current_version else _default_models()
    base = str(current.card.get("base_version") or current.version)
    root = models_dir()
    root.mkdir(parents=True, exist_ok=True)
    link = root / base
    if not link.exists():
        link.symlink_to(ARTEFACTS_DIR / base, target_is_directory=True)
    version = _new_name(root)
    from lantoa.listening.ml.layered import _fast, lexicon_of

    limit = settings.LANTOA_LISTENING_RETRAIN_PUBLIC_ROWS or None
    base_models = load_models(base, root)
    data = load_all("sentiment", _fast(lexicon_of(base_models)), limit=limit)
    build_layered(version, base, root, data=data, extra=[train])
    scores = {
        "current": _score(current_version, current_root, held),
        "candidate": _score(version, root, held),
    }
    promote = _beats(scores["candidate"], scores["current"])
    figures: dict[str, Any] = {"train": len(train), "held_out": len(held), **scores}
    with transaction.atomic():
        now = timezone.now()
        if promote:
            ModelVersion.objects.filter(status=ModelStatus.ACTIVE).update(
                status=ModelStatus.RETIRED
            )
        record = ModelVersion.objects.create(
            version=version,
            base_version=base,
            replaces=current.version,
            status=ModelStatus.ACTIVE if promote else ModelStatus.REJECTED,
            figures=figures,
            activated_at=now if promote else None,
            created_by_id=actor_user_id(actor),
        )
        audit_record(
            actor=actor,
            action=ListeningAction.MODEL_RETRAIN,
            target=record,
            data={"version": version, "promoted": promote, **_summary(figures)},
        )
        transaction.on_commit(_forget_loaded_models)
    return record


def _summary(figures: dict[str, Any]) -> dict[str, Any]:
    return {
        "held_out": figures["held_out"],
        "current_macro_f1": figures["current"]["macro_f1"],
        "candidate_macro_f1": figures["candidate"]["macro_f1"],
    }


def _new_name(root: Path) -> str:
    stem = f"{dt.datetime.now(dt.UTC):%Y%m%d}-org"
    n = 1
    while (root / f"{stem}{n}").exists() or ModelVersion.objects.filter(
        version=f"{stem}{n}"
    ).exists():
        n += 1
    return f"{stem}{n}"


@transaction.atomic
def listening_model_rollback(*, actor: Actor) -> ModelVersion | None:
    """Retire the active model; the one it replaced (or the shipped default) serves
    again. Returns the model now active (None: the shipped default)."""
    if not may_manage_models(actor=actor):
        raise PermissionDenied()
    active = ModelVersion.objects.select_for_update().filter(status=ModelStatus.ACTIVE).first()
    if active is None:
        raise InvalidInput("Đang dùng mô hình mặc định, không có bản nào để quay lại.")
    active.status = ModelStatus.RETIRED
    active.save(update_fields=["status"])
    previous = ModelVersion.objects.filter(
        version=active.replaces, status=ModelStatus.RETIRED
    ).first()
    if previous is not None:
        previous.status = ModelStatus.ACTIVE
        previous.activated_at = timezone.now()
        previous.save(update_fields=["status", "activated_at"])
    audit_record(
        actor=actor,
        action=ListeningAction.MODEL_ROLLBACK,
        target=active,
        data={"retired": active.version, "now": previous.version if previous else "default"},
    )
    transaction.on_commit(_forget_loaded_models)
    return previous


def _forget_loaded_models() -> None:
    from lantoa.listening.services.analysis import models_for

    models_for.cache_clear()
