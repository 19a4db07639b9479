"""Officers' work on opinions: correct labels, assign, mark handled.

Label corrections are kept as training data (`LabelCorrection`) so the next
model learns from the union's own judgement."""

import csv
from pathlib import Path

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from lantoa.core.actors import Actor, actor_user_id
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.listening.choices import LabelTask, ListeningAction, Sentiment, Toxicity, TriageStatus
from lantoa.listening.models import LabelCorrection, Opinion
from lantoa.org.choices import Perm
from lantoa.org.scoping import user_can

ALLOWED: dict[str, list[str]] = {
    LabelTask.SENTIMENT: Sentiment.values,
    LabelTask.TOXICITY: Toxicity.values,
}


def _require(actor: Actor, opinion: Opinion) -> None:
    if not user_can(actor, Perm.CONTENT_EDIT, opinion.unit):
        raise PermissionDenied()


@transaction.atomic
def opinion_correct_label(
    *, actor: Actor, opinion: Opinion, task: str, label: str
) -> LabelCorrection:
    """Set the label an officer judges right; keep the model's label beside it."""
    _require(actor, opinion)
    if task not in ALLOWED or label not in ALLOWED[task]:
        raise InvalidInput(f"Nhãn không hợp lệ: «{label}».")
    opinion = Opinion.objects.select_for_update().get(pk=opinion.pk)
    model_label = opinion.sentiment if task == LabelTask.SENTIMENT else opinion.toxicity
    correction = LabelCorrection.objects.create(
        opinion=opinion,
        task=task,
        label=label,
        text=opinion.text,
        model_label=model_label,
        model_version=opinion.model_version,
        corrected_by_id=actor_user_id(actor),
    )
    setattr(opinion, "sentiment" if task == LabelTask.SENTIMENT else "toxicity", label)
    opinion.labels_corrected = True
    opinion.save(update_fields=["sentiment", "toxicity", "labels_corrected"])
    audit_record(
        actor=actor,
        action=ListeningAction.OPINION_LABEL_CORRECT,
        target=opinion,
        unit_path=opinion.unit.path,
        data={"task": task, "from": model_label, "to": label},
    )
    return correction


@transaction.atomic
def opinion_assign(*, actor: Actor, opinion: Opinion, assignee: AbstractBaseUser) -> Opinion:
    _require(actor, opinion)
    if not user_can(assignee, Perm.CONTENT_EDIT, opinion.unit):
        raise InvalidInput("Người được giao không phụ trách đơn vị này.")
    opinion.assignee_id = assignee.pk
    opinion.status = TriageStatus.ASSIGNED
    opinion.save(update_fields=["assignee", "status"])
    audit_record(
        actor=actor, action=ListeningAction.OPINION_ASSIGN, target=opinion, unit_path=opinion.unit.path,
        data={"assignee": assignee.get_username()},
    )  # fmt: skip
    return opinion


@transaction.atomic
def opinion_mark_handled(*, actor: Actor, opinion: Opinion, note: str = "") -> Opinion:
    _require(actor, opinion)
    opinion.status = TriageStatus.HANDLED
    opinion.handled_at = timezone.now()
    opinion.note = note.strip()
    opinion.save(update_fields=["status", "handled_at", "note"])
    audit_record(
        actor=actor,
        action=ListeningAction.OPINION_HANDLE,
        target=opinion,
        unit_path=opinion.unit.path,
    )
    return opinion


def corrections_export_csv(*, task: str, path: Path) -> int:
    """Write the officers' latest label per opinion as `text,label` (the format
    `train_listening_models --extra-csv` reads). Returns the row count."""
    latest: dict[int, LabelCorrection] = {}
    for correction in (
        LabelCorrection.objects.filter(task=task).select_related("opinion").order_by("created_at")
    ):
        latest[correction.opinion_id] = correction
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["text", "label"])
        for correction in latest.values():
            writer.writerow([correction.text or correction.opinion.text, correction.label])
    return len(latest)
