"""The TextCNN cascade: the linear models decide where they are sure, the TextCNN
ensembles read only the rest; and the shipped version's fast segmenter."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import numpy as np
import pytest

from lantoa.listening.ml.artefacts import Analysis, load_models, read_card
from lantoa.listening.ml.calibration import softmax
from lantoa.listening.ml.classifier import CASCADE_GRID, TextClassifier, choose_cascade
from lantoa.listening.ml.neural import TextCNNEnsemble
from lantoa.listening.nlp.lexicon_segment import LexiconSegmenter
from lantoa.listening.tests.test_neural import TEXTS, _linear_classifier, random_cnn

SURE = "Giảng viên dạy rất nhiệt tình"  # the linear models: clean, positive, both sure
UNSURE = "đồ mất dạy"  # the linear toxicity model is unsure (clean at about 0.6)


@pytest.fixture(scope="module")
def models():  # type: ignore[no-untyped-def]
    return load_models()


def _read_by_cnn(ensemble: TextCNNEnsemble) -> tuple[mock.MagicMock, list[str]]:
    seen: list[str] = []
    original = ensemble.log_proba

    def spy(texts: list[str]) -> np.ndarray:
        seen.extend(texts)
        return original(texts)

    return mock.MagicMock(side_effect=spy), seen


def _unsure(classifier: TextClassifier, text: str) -> bool:
    return bool(classifier.unsure_rows(classifier.linear_log_proba([text]))[0])


def test_the_shipped_version_carries_the_cascade_and_the_fast_segmenter(models) -> None:  # type: ignore[no-untyped-def]
    decision = read_card(models.version)["decision"]
    assert models.sentiment.neural_skip_above == decision["sentiment_cascade_above"]
    assert models.toxicity.neural_skip_above == decision["toxicity_cascade_above"]
    assert models.toxicity.neural_skip_above in CASCADE_GRID
    assert isinstance(models.segmenter, LexiconSegmenter)
    assert "giảng_viên" in models.segmenter.words


def test_a_text_the_linear_model_is_sure_of_never_reaches_the_cnn(models) -> None:  # type: ignore[no-untyped-def]
    rows, whole = models.model_inputs([SURE])
    assert not _unsure(models.toxicity, whole[0])
    assert not any(_unsure(models.sentiment, r) for r in rows)
    toxicity_spy, toxicity_seen = _read_by_cnn(models.toxicity.neural)
    sentiment_spy, sentiment_seen = _read_by_cnn(models.sentiment.neural)
    with (
        mock.patch.object(models.toxicity.neural, "log_proba", toxicity_spy),
        mock.patch.object(models.sentiment.neural, "log_proba", sentiment_spy),
    ):
        (result,) = models.analyse([SURE])
    assert toxicity_seen == []
    assert sentiment_seen == []
    assert (result.toxicity.label, result.sentiment.label) == ("clean", "positive")
    # Sure rows keep the linear model's own probabilities.
    linear = models.toxicity.linear_log_proba(whole)
    expected = softmax((linear + models.toxicity.offsets) / models.toxicity.temperature)
    assert result.toxicity.confidence == pytest.approx(expected.max(), rel=1e-6)


def test_an_unsure_text_is_read_by_the_cnn_as_without_the_cascade(models) -> None:  # type: ignore[no-untyped-def]
    _, whole = models.model_inputs([SURE, UNSURE])
    assert _unsure(models.toxicity, whole[1])
    spy, seen = _read_by_cnn(models.toxicity.neural)
    with mock.patch.object(models.toxicity.neural, "log_proba", spy):
        cascaded = models.toxicity.predict_proba(whole)
    assert seen == [whole[1]]
    threshold, models.toxicity.neural_skip_above = models.toxicity.neural_skip_above, None
    try:
        full = models.toxicity.predict_proba(whole)
    finally:
        models.toxicity.neural_skip_above = threshold
    assert cascaded[1] == pytest.approx(full[1])
    assert cascaded.argmax(axis=1).tolist() == full.argmax(axis=1).tolist()


def test_the_output_contract_is_unchanged(models) -> None:  # type: ignore[no-untyped-def]
    texts = [SURE, UNSURE, "", "Thầy dạy hay. Nhưng phòng học nóng quá!", "???"]
    results = models.analyse(texts)
    assert len(results) == len(texts)
    for result in results:
        assert isinstance(result, Analysis)
        assert result.model_version == models.version
        for prediction in (result.sentiment, result.toxicity):
            if not result.has_content:
                continue
            assert sum(prediction.probabilities.values()) == pytest.approx(1.0)
            assert prediction.label in (*prediction.probabilities, "mixed")
            if prediction.label != "mixed":
                assert prediction.confidence == max(prediction.probabilities.values())
    assert not results[2].has_content
    assert results[1].toxicity.label != "clean" or results[1].spans == []


def test_choose_cascade_keeps_the_labels_of_the_full_mix_on_dev() -> None:
    classifier = _linear_classifier()
    classifier.set_neural(random_cnn(), 0.5)
    chosen = choose_cascade(classifier, TEXTS, floor=1.0)
    assert chosen["agreement"] == 1.0
    if chosen["threshold"] is not None:
        classifier.neural_skip_above = chosen["threshold"]
        cascaded = classifier.predict_proba(TEXTS).argmax(axis=1)
        classifier.neural_skip_above = None
        assert cascaded.tolist() == classifier.predict_proba(TEXTS).argmax(axis=1).tolist()
    linear_only = _linear_classifier()
    assert choose_cascade(linear_only, TEXTS)["threshold"] is None


def test_without_a_threshold_every_row_reads_the_cnn() -> None:
    classifier = _linear_classifier()
    cnn = random_cnn()
    classifier.set_neural(cnn, 0.5)
    assert classifier.unsure_rows(classifier.linear_log_proba(TEXTS)).all()
    classifier.neural_skip_above = 0.0  # every row is sure enough: linear alone
    assert classifier.raw_log_proba(TEXTS) == pytest.approx(classifier.linear_log_proba(TEXTS))


def test_save_writes_the_cascade_and_the_lexicon(models, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from lantoa.listening.ml.artefacts import save_models

    copy = load_models(models.version)
    copy.version = "20990101-cascade"
    save_models(copy, tmp_path)
    loaded = load_models("20990101-cascade", tmp_path)
    assert loaded.toxicity.neural_skip_above == models.toxicity.neural_skip_above
    assert loaded.sentiment.neural_skip_above == models.sentiment.neural_skip_above
    assert loaded.segmenter is not None
    assert loaded.segmenter.words == models.segmenter.words
    assert [r.toxicity.label for r in loaded.analyse([SURE, UNSURE])] == [
        r.toxicity.label for r in models.analyse([SURE, UNSURE])
    ]
