"""The union's own language: least certain first, retraining from corrections,
promotion only when better on held-out corrections, rollback in one command."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.listening.choices import LabelTask, ModelStatus, Sentiment
from lantoa.listening.models import LabelCorrection, ModelVersion
from lantoa.listening.services.analysis import models_in_use
from lantoa.listening.services.retraining import (
    corrections_split,
    listening_model_retrain,
    listening_model_rollback,
)
from lantoa.listening.tests.factories import OpinionFactory
from lantoa.listening.tests.test_admin_triage import officer_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def deployment(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.LANTOA_LISTENING_MODELS_DIR = tmp_path / "models"
    settings.LANTOA_LISTENING_RETRAIN_PUBLIC_ROWS = 40
    yield tmp_path / "models"
    from lantoa.listening.services.analysis import models_for

    models_for.cache_clear()


def test_least_certain_opinions_come_first(client, tree):  # type: ignore[no-untyped-def]
    for confidence in (0.9, 0.41, 0.75, 0.55):
        OpinionFactory(unit=tree.unit, text=f"Ý kiến {confidence}", sentiment_confidence=confidence)
    OpinionFactory(unit=tree.unit, text="Đã sửa", sentiment_confidence=0.3, labels_corrected=True)
    OpinionFactory(unit=tree.unit, text="   ", sentiment="", sentiment_confidence=0.0)
    client.force_login(officer_of(tree.unit))
    response = client.get(reverse("listening_opinions:index"), {"least_certain": "on"})
    assert [o.text for o in response.context["object_list"]] == [
        "Ý kiến 0.41", "Ý kiến 0.55", "Ý kiến 0.75", "Ý kiến 0.9",
    ]  # fmt: skip


def _correct(tree, user, texts_labels):  # type: ignore[no-untyped-def]
    for text, label in texts_labels:
        opinion = OpinionFactory(unit=tree.unit, text=text)
        LabelCorrection.objects.create(
            opinion=opinion, task=LabelTask.SENTIMENT, label=label, text=text, corrected_by=user
        )


WORDS = ["quoxa", "zuvek"]


def _jargon(n: int, flip: bool = False):  # type: ignore[no-untyped-def]
    # Made-up workplace jargon no public set has: "quoxa" praises, "zuvek" complains.
    out = []
    for i in range(n):
        word, label = (WORDS[0], "positive") if i % 2 else (WORDS[1], "negative")
        if flip:
            label = "negative" if label == "positive" else "positive"
        out.append((f"ca {i} tổ máy {word} {word} thật", label))
    return out


def test_a_worse_model_is_not_promoted_and_rollback_needs_an_active_one(deployment, tree):  # type: ignore[no-untyped-def]
    officer = officer_of(tree.parent.get_parent())
    assert ModelVersion.objects.count() == 0
    with pytest.raises(InvalidInput):
        listening_model_retrain(actor=officer)  # no corrections yet
    train_rows = [(t, lab) for t, lab in _jargon(90, flip=True)]
    _correct(tree, officer, train_rows)
    _train, held = corrections_split()
    held_texts = set(held.texts)
    # Held-out rows are relabelled right: the candidate learnt the opposite.
    LabelCorrection.objects.filter(text__in=held_texts).delete()
    _correct(tree, officer, [(t, lab) for t, lab in _jargon(90) if t in held_texts])
    record = listening_model_retrain(actor=officer)
    assert record.status == ModelStatus.REJECTED
    assert record.figures["candidate"]["macro_f1"] <= record.figures["current"]["macro_f1"]
    assert models_in_use().version == record.figures["current"]["version"]
    with pytest.raises(InvalidInput):
        listening_model_rollback(actor=officer)
    with pytest.raises(CommandError):
        call_command("listening_model_rollback")


def test_a_better_model_is_promoted_and_rolled_back_in_one_command(deployment, tree):  # type: ignore[no-untyped-def]
    officer = officer_of(tree.parent.get_parent())
    _correct(tree, officer, _jargon(90))
    default = models_in_use().version
    record = listening_model_retrain(actor=officer)
    assert record.status == ModelStatus.ACTIVE, record.figures
    assert record.figures["candidate"]["macro_f1"] > record.figures["current"]["macro_f1"]
    assert record.replaces == default
    assert models_in_use().version == record.version
    result = models_in_use().analyse([f"tổ máy {WORDS[0]} {WORDS[0]} thật"])[0]
    assert result.sentiment.label == Sentiment.POSITIVE
    call_command("listening_model_rollback")
    record.refresh_from_db()
    assert record.status == ModelStatus.RETIRED
    assert models_in_use().version == default


def test_only_officers_of_the_top_unit_manage_the_model(tree, client, deployment):  # type: ignore[no-untyped-def]
    officer = officer_of(tree.unit)
    with pytest.raises(PermissionDenied):
        listening_model_retrain(actor=officer)
    client.force_login(officer)
    page = client.get(reverse("listening_models:index"))
    assert page.status_code == 200
    assert 'data-action="retrain"' not in page.content.decode()
    refused = client.post(reverse("listening_models:retrain"))
    # Wagtail turns the refusal into a redirect to the admin home with a message.
    assert (refused.status_code, refused.url) == (302, "/admin/")
    assert ModelVersion.objects.count() == 0
