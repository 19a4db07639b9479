"""The TextCNN half of the listening ensemble.

Without PyTorch: the numpy forward pass (with its precomputed tables) equals a plain
per-comment convolution written out loop by loop, batching does not change a
comment's result, storage is plain arrays, and the mixing in `TextClassifier`.
With PyTorch (optional `train` extra; skipped otherwise): the numpy forward equals
PyTorch's on the exported weights, pre-trained word vectors bring words of shared
contexts together and are where the TextCNN starts, and a tiny end-to-end training
(test texts kept out of the pre-training) writes an artefact that reloads with the
same predictions.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from lantoa.core.testing import require_module
from lantoa.listening.ml.artefacts import load_models
from lantoa.listening.ml.classifier import ModelSpec, TextClassifier
from lantoa.listening.ml.datasets import dedup_key, load_uit_vsfc, load_vihos, load_vihsd
from lantoa.listening.ml.features import FeatureConfig
from lantoa.listening.ml.neural import MAX_TOKENS, TextCNN, TextCNNEnsemble
from lantoa.listening.ml.neural_train import torch_available
from lantoa.listening.ml.train import train_all
from lantoa.listening.tests.test_models import _write_tiny_datasets

LABELS = ("negative", "neutral", "positive")
TEXTS = [
    "thầy dạy hay",
    "",
    "một_từ_lạ",
    "cô dạy chán quá không hiểu gì",
    " ".join(["chán"] * (MAX_TOKENS + 20)),
    "phòng học nóng",
]


def random_cnn(
    seed: int = 0, widths: tuple[int, ...] = (1, 2, 3), syllables: bool = False
) -> TextCNN:
    rng = np.random.default_rng(seed)
    vocab = ("thầy", "dạy", "hay", "cô", "chán", "quá", "phòng", "học", "nóng", "một")
    d, f = 5, 4
    emb = rng.normal(size=(len(vocab) + 2, d)).astype(np.float32)
    emb[0] = 0.0  # padding
    return TextCNN(
        labels=("positive", "negative", "neutral"),  # not the classifier's order on purpose
        vocab=vocab,
        embedding=emb,
        convs=[
            (rng.normal(size=(f, d, k)).astype(np.float32), rng.normal(size=f).astype(np.float32))
            for k in widths
        ],
        out_weight=rng.normal(size=(3, f * len(widths))).astype(np.float32),
        out_bias=rng.normal(size=3).astype(np.float32),
        syllables=syllables,
    )


def naive_log_proba(model: TextCNN, text: str) -> np.ndarray:
    """The definition, one comment at a time, without the lookup tables."""
    x = model.embedding[model.encode(text)]  # (L, d)
    features = []
    for weight, bias in model.convs:
        k = weight.shape[2]
        padded = np.vstack([np.zeros((k - 1, x.shape[1])), x])
        outputs = []
        for t in range(len(x)):
            window = padded[t : t + k]  # the k words ending at word t
            outputs.append(
                np.array(
                    [
                        bias[c] + sum(weight[c, :, j] @ window[j] for j in range(k))
                        for c in range(weight.shape[0])
                    ]
                )
            )
        features.append(np.maximum(np.array(outputs), 0).max(axis=0))
    logits = np.concatenate(features) @ model.out_weight.T + model.out_bias
    return logits - np.log(np.exp(logits - logits.max()).sum()) - logits.max()


def test_numpy_forward_equals_the_definition() -> None:
    model = random_cnn()
    batch = model.log_proba(TEXTS)
    for text, row in zip(TEXTS, batch, strict=True):
        assert row == pytest.approx(naive_log_proba(model, text), abs=1e-4)
        # Alone or in a batch of other lengths: the same answer.
        assert model.log_proba([text])[0] == pytest.approx(row, abs=1e-5)
    assert np.exp(batch).sum(axis=1) == pytest.approx(np.ones(len(TEXTS)))
    assert model.log_proba([]).shape == (0, 3)


def test_unknown_words_and_truncation() -> None:
    model = random_cnn()
    assert model.encode("") == [1]
    assert model.encode("thầy xyz") == [2, 1]
    assert len(model.encode(" ".join(["dạy"] * 500))) == MAX_TOKENS


def test_a_syllable_network_reads_the_syllables_of_segmented_words() -> None:
    words, syllables = random_cnn(), random_cnn(syllables=True)
    assert words.encode("một_từ_lạ thầy") == [1, 2]  # one unknown word, then "thầy"
    assert syllables.encode("một_từ_lạ thầy") == [11, 1, 1, 2]
    assert syllables.encode("một từ lạ thầy") == syllables.encode("một_từ_lạ thầy")
    assert len(syllables.encode("_".join(["dạy"] * 500))) == MAX_TOKENS
    assert syllables.log_proba(["một_từ_lạ"])[0] == pytest.approx(
        naive_log_proba(syllables, "một_từ_lạ"), abs=1e-4
    )


def test_storage_is_plain_arrays(tmp_path: Path) -> None:
    ensemble = TextCNNEnsemble([random_cnn(0), random_cnn(1, widths=(2, 4), syllables=True)])
    path = tmp_path / "m.npz"
    ensemble.save(path)
    with np.load(path, allow_pickle=False) as data:
        assert all(data[k].dtype != object for k in data.files)
        # An artefact written before syllable networks existed has no flag: words.
        old = {k: data[k] for k in data.files if not k.endswith("_syllables")}
    loaded = TextCNNEnsemble.load(path)
    assert [m.labels for m in loaded.members] == [m.labels for m in ensemble.members]
    assert [len(m.convs) for m in loaded.members] == [3, 2]
    assert [m.syllables for m in loaded.members] == [False, True]
    np.savez(tmp_path / "old.npz", **old)  # type: ignore[arg-type]
    assert [m.syllables for m in TextCNNEnsemble.load(tmp_path / "old.npz").members] == [
        False,
        False,
    ]
    # float16 storage: close to, not equal to, the float32 weights.
    assert loaded.log_proba(TEXTS) == pytest.approx(ensemble.log_proba(TEXTS), abs=5e-2)
    again = tmp_path / "again.npz"
    loaded.save(again)
    assert TextCNNEnsemble.load(again).log_proba(TEXTS) == pytest.approx(loaded.log_proba(TEXTS))

    evil = tmp_path / "evil.npz"
    np.savez(evil, m0_labels=np.array([{"x": 1}], dtype=object))
    with pytest.raises(ValueError, match="pickle"):
        TextCNNEnsemble.load(evil)


def test_ensemble_averages_log_probabilities_of_its_members() -> None:
    a, b = random_cnn(0), random_cnn(1)
    b.labels = ("neutral", "positive", "negative")  # members may order classes differently
    mean = TextCNNEnsemble([a, b]).log_proba(TEXTS)
    b_in_a_order = b.log_proba(TEXTS)[:, [b.labels.index(lab) for lab in a.labels]]
    assert mean == pytest.approx((a.log_proba(TEXTS) + b_in_a_order) / 2)
    with pytest.raises(ValueError, match="at least one"):
        TextCNNEnsemble([])


def _linear_classifier() -> TextClassifier:
    texts = ["thầy dạy hay", "cô dạy chán", "phòng học"] * 4
    pipeline = make_pipeline(
        FunctionTransformer(lambda xs: np.array([[len(x), x.count("chán")] for x in xs])),
        LogisticRegression(),
    ).fit(texts, ["positive", "negative", "neutral"] * 4)
    return TextClassifier(pipeline)


def test_classifier_mixes_log_probabilities_in_its_label_order() -> None:
    classifier = _linear_classifier()
    linear = classifier.linear_log_proba(TEXTS)
    cnn = random_cnn()
    classifier.set_neural(cnn, 0.25)
    reordered = cnn.log_proba(TEXTS)[:, [cnn.labels.index(lab) for lab in classifier.labels]]
    assert classifier.raw_log_proba(TEXTS) == pytest.approx(0.75 * linear + 0.25 * reordered)
    classifier.set_neural(cnn, 0.0)
    assert classifier.raw_log_proba(TEXTS) == pytest.approx(linear)
    with pytest.raises(ValueError, match="weight"):
        classifier.set_neural(cnn, 1.5)
    other = random_cnn()
    other.labels = ("clean", "offensive", "hate")
    with pytest.raises(ValueError, match="differ"):
        classifier.set_neural(other, 0.5)


def test_train_command_linear_only(tmp_path: Path) -> None:
    _write_tiny_datasets(tmp_path / "data", random.Random(3))
    call_command(
        "train_listening_models",
        "--linear-only",
        "--model-version",
        "20990101-linear",
        "--data-dir",
        str(tmp_path / "data"),
        "--out-dir",
        str(tmp_path / "out"),
    )
    models = load_models("20990101-linear", tmp_path / "out")
    assert models.sentiment.neural is None
    assert models.toxicity.neural is None


def test_train_command_without_torch_asks_for_the_extra(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)  # as on a machine without the extra
    assert not torch_available()
    with pytest.raises(CommandError, match="train"):
        call_command("train_listening_models", "--out-dir", str(tmp_path))


# -- with PyTorch ---------------------------------------------------------------------------


def test_numpy_forward_equals_pytorch() -> None:
    require_module("torch", "the `train` extra (pip install -e '.[train]')")
    from lantoa.listening.ml.neural_train import CnnSpec, torch_log_proba, train_text_cnn

    texts = ["thầy dạy hay", "cô dạy chán quá", "phòng học", "thầy vui", "chán nản"] * 6
    labels = ["positive", "negative", "neutral", "positive", "negative"] * 6
    result = train_text_cnn(
        texts, labels, LABELS, texts[:5], labels[:5], CnnSpec(dim=8, filters=6, epochs=2)
    )
    assert result.best_epoch in (1, 2)
    assert len(result.dev_curve) == 2
    probe = [*TEXTS, "thầy dạy hay cô dạy chán quá phòng học"]
    assert result.model.log_proba(probe) == pytest.approx(
        torch_log_proba(result.net, result.model, probe), abs=1e-5
    )


def test_a_syllable_network_learns_syllables_and_matches_pytorch() -> None:
    require_module("torch", "the `train` extra (pip install -e '.[train]')")
    from lantoa.listening.ml.neural_train import CnnSpec, torch_log_proba, train_text_cnn

    texts = ["thầy_giáo dạy hay", "cô_giáo dạy chán", "phòng_học nóng", "giáo_trình hay"] * 6
    labels = ["positive", "negative", "neutral", "positive"] * 6
    spec = CnnSpec(dim=8, filters=6, epochs=1, syllables=True)
    result = train_text_cnn(texts, labels, LABELS, texts[:4], labels[:4], spec)
    model = result.model
    assert model.syllables
    assert "giáo" in model.vocab
    assert "thầy_giáo" not in model.vocab
    probe = [*TEXTS, "thầy_giáo cô giáo", "giáo"]
    assert model.log_proba(probe) == pytest.approx(
        torch_log_proba(result.net, model, probe), abs=1e-5
    )


def _cosine(vectors, a: str, b: str) -> float:  # type: ignore[no-untyped-def]
    u, v = (vectors.matrix[vectors.words.index(w)] for w in (a, b))
    return float(u @ v / np.linalg.norm(u) / np.linalg.norm(v))


def test_pretrained_vectors_put_words_of_shared_contexts_together() -> None:
    require_module("torch", "the `train` extra (pip install -e '.[train]')")
    from lantoa.listening.ml.neural_train import pretrain_word_vectors

    rng = random.Random(3)
    school = ["thầy", "cô", "dạy", "hay", "tốt", "nhiệt_tình", "bài", "giảng", "dễ_hiểu", "môn"]
    room = ["phòng", "nóng", "bí", "quạt", "hỏng", "máy_lạnh", "ồn", "chật", "ghế", "đèn"]
    texts = [" ".join(rng.choices(pool, k=6)) for _ in range(200) for pool in (school, room)]
    texts.append("từ_hiếm")  # below min_count: no vector
    # subsample=1 keeps every word (the default drops most of a tiny corpus); small
    # batches give a tiny corpus enough steps.
    vectors = pretrain_word_vectors(texts, dim=16, epochs=3, subsample=1.0, batch_size=64)
    assert vectors.matrix.shape == (len(vectors.words), 16)
    assert "từ_hiếm" not in vectors.words
    assert set(vectors.words) == set(school + room)
    assert _cosine(vectors, "hay", "tốt") > _cosine(vectors, "hay", "nóng") + 0.5
    assert _cosine(vectors, "nóng", "bí") > _cosine(vectors, "bí", "tốt") + 0.5


def test_the_cnn_starts_from_the_pretrained_vectors() -> None:
    require_module("torch", "the `train` extra (pip install -e '.[train]')")
    from lantoa.listening.ml.neural_train import CnnSpec, WordVectors, train_text_cnn

    texts = ["thầy dạy hay", "cô dạy chán quá", "phòng học", "thầy vui", "chán nản"] * 6
    labels = ["positive", "negative", "neutral", "positive", "negative"] * 6
    known = ("dạy", "chán", "không_có_trong_dữ_liệu")
    matrix = np.random.default_rng(1).normal(scale=3.0, size=(3, 8)).astype(np.float32)
    # lr=0: the weights stay where they started, so the export shows the initialisation.
    result = train_text_cnn(
        texts,
        labels,
        LABELS,
        texts[:5],
        labels[:5],
        CnnSpec(dim=8, filters=6, epochs=1, lr=0.0),
        vectors=WordVectors(known, matrix),
    )
    model = result.model
    scale = matrix[:2].std()  # the two vectors of vocabulary words, rescaled to std 1
    for i, word in enumerate(known[:2]):
        row = model.embedding[model.encode(word)[0]]
        assert row == pytest.approx(matrix[i] / scale, rel=2e-3, abs=2e-3)
    other = model.embedding[model.encode("thầy")[0]]
    assert not np.allclose(other, 0.0)  # random start, not a copied vector
    assert np.all(model.embedding[0] == 0.0)  # padding


def test_tiny_end_to_end_training_with_the_cnn(tmp_path: Path) -> None:
    require_module("torch", "the `train` extra (pip install -e '.[train]')")
    from lantoa.listening.ml.neural_train import CnnSpec

    _write_tiny_datasets(tmp_path / "data", random.Random(5))
    out = tmp_path / "artefacts"
    folder, trained = train_all(
        version="20990101-cnn",
        out_root=out,
        data_root=tmp_path / "data",
        grid=(ModelSpec("lr", features=FeatureConfig(max_features=2000)),),
        cnn=CnnSpec(dim=8, filters=6, epochs=2, members=2, pretrain_epochs=2),
        toxicity_cnn=CnnSpec(
            dim=8, filters=6, epochs=2, members=1, syllable_members=1, pretrain_epochs=2
        ),
    )
    for name in ("sentiment_cnn.npz", "toxicity_cnn.npz"):
        assert (folder / name).is_file()
    card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
    # Pre-training saw train + dev texts of all sets, minus ViHOS texts that are test texts.
    data = tmp_path / "data"
    tests = {
        dedup_key(t)
        for t in load_uit_vsfc("test", data).texts
        + load_vihsd("test", data).texts
        + load_vihos("test", data).texts
    }
    vihos = load_vihos("train", data).texts + load_vihos("dev", data).texts
    dropped = sum(dedup_key(t) in tests for t in vihos)
    hsd = [load_vihsd(s, data, exclude=load_vihsd("test", data)) for s in ("train", "dev")]
    vsfc = len(load_uit_vsfc("train", data)) + len(load_uit_vsfc("dev", data))
    assert dropped > 0  # the tiny ViHOS splits share short comments
    assert card["word_vectors"]["vihos_texts_dropped_as_test"] == dropped
    assert card["word_vectors"]["texts"] == vsfc + sum(map(len, hsd)) + len(vihos) - dropped
    assert card["sentiment"]["neural"]["pretrained_vectors"] == card["word_vectors"]["words"]
    assert 0.0 < card["decision"]["sentiment_neural_weight"] < 1.0
    assert all(e in (1, 2) for e in card["sentiment"]["neural"]["best_epoch"])
    assert "TextCNN" in (folder / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "skip-gram vectors" in (folder / "MODEL_CARD.md").read_text(encoding="utf-8")

    reloaded = load_models("20990101-cnn", out)
    assert reloaded.sentiment.neural is not None
    assert [m.syllables for m in reloaded.sentiment.neural.members] == [False, False]
    assert reloaded.toxicity.neural is not None
    assert [m.syllables for m in reloaded.toxicity.neural.members] == [False, True]
    assert card["sentiment"]["neural"]["syllable_vocabulary"] == 0
    assert card["toxicity"]["neural"]["syllable_vocabulary"] > 0
    assert "over syllables" in (folder / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert reloaded.sentiment.neural_weight == trained.sentiment.neural_weight
    texts = ["thầy dạy hay nhiệt tình", "cô dạy chán khó hiểu", "chúc mọi người vui đồ chó"]
    for before, after in zip(trained.analyse(texts), reloaded.analyse(texts), strict=True):
        assert after.sentiment.probabilities == pytest.approx(before.sentiment.probabilities)
        assert after.toxicity.probabilities == pytest.approx(before.toxicity.probabilities)
