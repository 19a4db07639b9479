"""Train the listening models from labelled data and write a versioned artefact.

Public sets (read from :func:`~lantoa.listening.ml.datasets.datasets_dir`): UIT-VSFC
for sentiment, ViHSD for toxicity (train/dev de-duplicated against test), ViHOS for
spans. The organisation's own corrected labels come as CSV files ``text,label`` and
are appended to the training split. Hyper-parameters and decision offsets are chosen
on the dev splits; the chosen configuration is then refitted on train + dev, and the
test splits are used once, for the model card.

With a :class:`~lantoa.listening.ml.neural_train.CnnSpec` (needs the optional
``train`` extra, PyTorch), word vectors are first pre-trained (skip-gram) on the
unlabelled train + dev texts of all three public sets - never a test text - then
TextCNNs starting from them are trained on the train split, their epochs chosen on
dev, and mixed with the linear ensemble at a fixed weight. Without one, the models
are linear only (no PyTorch needed).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from lantoa.listening.ml.artefacts import ARTEFACTS_DIR, ListeningModels, save_models
from lantoa.listening.ml.card import render_model_card
from lantoa.listening.ml.classifier import (
    ModelSpec,
    TextClassifier,
    build_pipeline,
    evaluate,
    tune_offsets,
)
from lantoa.listening.ml.datasets import (
    SENTIMENT_LABELS,
    TOXICITY_LABELS,
    Split,
    dedup_key,
    load_labelled_csv,
    load_uit_vsfc,
    load_vihos,
    load_vihsd,
)
from lantoa.listening.ml.features import FeatureConfig, compact_for_serialisation
from lantoa.listening.ml.neural import TextCNNEnsemble
from lantoa.listening.ml.neural_train import CnnSpec, WordVectors
from lantoa.listening.ml.spans import fit_span_tagger, span_f1
from lantoa.listening.nlp.normalize import preprocess

# The public train + dev texts are read twice, for the word vectors and for their
# task; the CRF segmenter dominates preprocessing, so each text is segmented once.
_preprocess = functools.lru_cache(maxsize=100_000)(preprocess)

DEFAULT_GRID: tuple[ModelSpec, ...] = (
    ModelSpec(
        "ensemble",
        c_lr=10.0,
        c_svc=0.5,
        balanced=False,
        features=FeatureConfig(max_features=50_000),
    ),
    ModelSpec(
        "ensemble", c_lr=10.0, c_svc=0.3, balanced=True, features=FeatureConfig(max_features=50_000)
    ),
)
DEFAULT_CNN = CnnSpec(epochs=6, members=3)
# Toxicity adds three networks over syllables. Why: ViHSD comments are teencode-heavy and
# often mis-segmented; out of fold (3 folds over train + dev) a word + a syllable
# network mixed with the linear model beat two word networks by 0.5 macro-F1 (mean over
# epochs; 0.46-0.54 in every fold). On UIT-VSFC it gave nothing (-0.0, fold spread 0.7).
DEFAULT_TOXICITY_CNN = replace(DEFAULT_CNN, syllable_members=3)
# Equal weight: the geometric mean of the linear and TextCNN distributions.
NEURAL_WEIGHT = 0.5


@dataclass
class TrainResult:
    """A fitted classifier, the spec chosen on dev, and its dev/test metrics."""

    classifier: TextClassifier
    spec: ModelSpec
    dev: dict
    test: dict | None
    seconds: float
    candidates: list[dict] = field(default_factory=list)
    neural: dict | None = None


def train_text_classifier(
    train: Split,
    dev: Split,
    labels: Sequence[str],
    test: Split | None = None,
    grid: Sequence[ModelSpec] = DEFAULT_GRID,
    refit_on_dev: bool = True,
    cnn: CnnSpec | None = None,
    vectors: WordVectors | None = None,
) -> TrainResult:
    """Fit each spec of ``grid`` on ``train``, keep the best dev macro-F1.

    Texts are raw; they are preprocessed here. With ``refit_on_dev`` the winner is
    refitted on train + dev. ``vectors`` initialise the TextCNN embeddings.

    * Linear only (``cnn=None``): log-prior offsets are tuned on dev for each spec.
    * With a TextCNN: the network is trained first (epoch chosen on dev), each linear
      spec is scored *mixed* with it at :data:`NEURAL_WEIGHT`, and no offsets are
      tuned. Why: on 16 random halves of the dev splits, offsets and weights tuned on
      one half made the other half *worse* than the plain equal mix (UIT-VSFC
      macro-F1 80.2 tuned vs 82.2 plain; ViHSD 67.5 vs 67.4) - the rare classes
      have 70-200 dev examples, too few to tune three more numbers on.
    """
    start = time.perf_counter()
    x_train = [_preprocess(t) for t in train.texts]
    x_dev = [_preprocess(t) for t in dev.texts]
    neural_info = None
    cnn_result = None
    if cnn is not None:
        cnn_result, neural_info = _train_cnn(x_train, train, x_dev, dev, labels, cnn, vectors)
    best: tuple[float, ModelSpec, TextClassifier, dict] | None = None
    candidates = []
    for spec in grid:
        classifier = TextClassifier(build_pipeline(spec).fit(x_train, train.labels))
        if cnn_result is None:
            classifier.offsets = tune_offsets(
                classifier.raw_log_proba(x_dev), dev.labels, classifier.labels
            )
        else:
            linear_only = _dev_metrics(classifier, x_dev, dev, labels)
            classifier.set_neural(cnn_result, NEURAL_WEIGHT)
        dev_metrics = _dev_metrics(classifier, x_dev, dev, labels)
        candidate = {"spec": _spec_dict(spec), "dev": dev_metrics}
        if cnn_result is not None:
            candidate["dev_linear_alone_without_offsets"] = linear_only
        candidates.append(candidate)
        if best is None or dev_metrics["macro_f1"] > best[0]:
            best = (dev_metrics["macro_f1"], spec, classifier, dev_metrics)
    if best is None:
        raise ValueError("empty model grid")
    _, spec, classifier, dev_metrics = best
    if refit_on_dev:
        pipeline = build_pipeline(spec).fit(x_train + x_dev, list(train.labels) + list(dev.labels))
        classifier = TextClassifier(
            pipeline, list(classifier.offsets), classifier.neural, classifier.neural_weight
        )
    compact_for_serialisation(classifier.pipeline.named_steps["features"])
    test_metrics = None
    if test is not None:
        x_test = [_preprocess(t) for t in test.texts]
        test_metrics = evaluate(test.labels, [p.label for p in classifier.predict(x_test)], labels)
    return TrainResult(
        classifier,
        spec,
        dev_metrics,
        test_metrics,
        time.perf_counter() - start,
        candidates,
        neural_info,
    )


def _dev_metrics(
    classifier: TextClassifier, x_dev: list[str], dev: Split, labels: Sequence[str]
) -> dict:
    return evaluate(dev.labels, [p.label for p in classifier.predict(x_dev)], labels)


def _metrics_of(log_proba: np.ndarray, split: Split, labels: Sequence[str]) -> dict:
    """Metrics of log-probabilities whose columns follow ``labels``."""
    return evaluate(split.labels, _argmax(log_proba, labels), labels)


def _train_cnn(
    x_train: list[str],
    train: Split,
    x_dev: list[str],
    dev: Split,
    labels: Sequence[str],
    cnn: CnnSpec,
    vectors: WordVectors | None = None,
) -> tuple[TextCNNEnsemble, dict]:
    """``cnn.members`` word and ``cnn.syllable_members`` syllable TextCNNs on ``train``.

    Seeds differ (``cnn.seed``, ``cnn.seed + 1``, ...); each keeps its best dev epoch.
    """
    from lantoa.listening.ml.neural_train import train_text_cnn

    def dev_macro_f1(log_proba: np.ndarray) -> float:
        return float(_metrics_of(log_proba, dev, labels)["macro_f1"])

    words = max(1, cnn.members) if cnn.syllable_members == 0 else cnn.members
    results = [
        train_text_cnn(
            x_train,
            train.labels,
            labels,
            x_dev,
            dev.labels,
            replace(cnn, seed=cnn.seed + i, syllables=i >= words),
            dev_score=dev_macro_f1,
            vectors=vectors,
        )
        for i in range(words + cnn.syllable_members)
    ]
    ensemble = TextCNNEnsemble([r.model for r in results])
    info = {
        "model": "TextCNN (numpy inference; trained with PyTorch)",
        "spec": asdict(cnn),
        "vocabulary": next((len(r.model.vocab) for r in results if not r.model.syllables), 0),
        "syllable_vocabulary": next((len(r.model.vocab) for r in results if r.model.syllables), 0),
        "pretrained_vectors": len(vectors.words) if vectors is not None else 0,
        "best_epoch": [r.best_epoch for r in results],
        "dev_macro_f1_per_epoch": [r.dev_curve for r in results],
        "dev_alone": _metrics_of(ensemble.log_proba(x_dev), dev, labels),
        "weight": NEURAL_WEIGHT,
        "train_seconds": round(sum(r.seconds for r in results), 1),
    }
    return ensemble, info


def _argmax(scores: np.ndarray, labels: Sequence[str]) -> list[str]:
    return [labels[i] for i in scores.argmax(axis=1)]


def _spec_dict(spec: ModelSpec) -> dict:
    return {
        "kind": spec.kind,
        "C_logreg": spec.c_lr,
        "C_linearsvc": spec.c_svc,
        "class_weight": "balanced" if spec.balanced else None,
        "word_ngrams": list(spec.features.word_ngrams),
        "char_ngrams": list(spec.features.char_ngrams),
        "max_features_per_view": spec.features.max_features,
    }


def _with_extra(split: Split, csvs: Sequence[Path], allowed: tuple[str, ...]) -> tuple[Split, int]:
    texts, labels = list(split.texts), list(split.labels)
    added = 0
    for path in csvs:
        extra = load_labelled_csv(path, allowed)
        texts += extra.texts
        labels += extra.labels
        added += len(extra)
    return Split(texts, labels), added


def default_version_name(tag: str = "public") -> str:
    """``YYYYMMDD-<tag>``: sortable by date, the tag says what data it saw."""
    return f"{dt.datetime.now(dt.UTC):%Y%m%d}-{tag}"


def train_all(
    version: str | None = None,
    out_root: Path | None = None,
    data_root: Path | None = None,
    extra_sentiment_csvs: Sequence[Path] = (),
    extra_toxicity_csvs: Sequence[Path] = (),
    grid: Sequence[ModelSpec] = DEFAULT_GRID,
    span_c_grid: Sequence[float] = (0.5,),
    cnn: CnnSpec | None = DEFAULT_CNN,
    toxicity_cnn: CnnSpec | None = DEFAULT_TOXICITY_CNN,
) -> tuple[Path, ListeningModels]:
    """Train sentiment, toxicity and span models; write artefact + model card.

    ``cnn`` is the TextCNN spec of sentiment, ``toxicity_cnn`` that of toxicity (None:
    linear only). Returns the artefact folder and the loaded-equivalent models.
    """
    version = version or default_version_name(
        "org" if (extra_sentiment_csvs or extra_toxicity_csvs) else "public"
    )
    sent_train, sent_extra = _with_extra(
        load_uit_vsfc("train", data_root), extra_sentiment_csvs, SENTIMENT_LABELS
    )
    sent_dev, sent_test = load_uit_vsfc("dev", data_root), load_uit_vsfc("test", data_root)
    hsd_test = load_vihsd("test", data_root)
    tox_train, tox_extra = _with_extra(
        load_vihsd("train", data_root, exclude=hsd_test), extra_toxicity_csvs, TOXICITY_LABELS
    )
    tox_dev = load_vihsd("dev", data_root, exclude=hsd_test)
    vihos_train, vihos_dev, vihos_test = (
        load_vihos(s, data_root) for s in ("train", "dev", "test")
    )
    vectors, vectors_info = None, None
    pretrain = next((s for s in (cnn, toxicity_cnn) if s is not None and s.pretrain_epochs), None)
    if pretrain is not None:
        vectors, vectors_info = _pretrain_vectors(
            [sent_train.texts, sent_dev.texts, tox_train.texts, tox_dev.texts],
            vihos_train.texts + vihos_dev.texts,
            [sent_test.texts, hsd_test.texts, vihos_test.texts],
            pretrain,
        )
    sentiment = train_text_classifier(
        sent_train, sent_dev, SENTIMENT_LABELS, sent_test, grid, cnn=cnn, vectors=vectors
    )
    toxicity = train_text_classifier(
        tox_train, tox_dev, TOXICITY_LABELS, hsd_test, grid, cnn=toxicity_cnn, vectors=vectors
    )
    start = time.perf_counter()
    tagger, span_info = fit_span_tagger(
        vihos_train.texts, vihos_train.spans, vihos_dev.texts, vihos_dev.spans, span_c_grid
    )
    span_info["test_span_f1"] = round(
        span_f1(vihos_test.spans, tagger.predict_offsets(vihos_test.texts)), 4
    )
    span_seconds = time.perf_counter() - start
    card = {
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "pipeline": "lantoa.listening.nlp.normalize.preprocess (NFC, tones, teencode, emoji, masks, underthesea CRF segmentation)",
        "sentiment": _task_card(sentiment, "UIT-VSFC", len(sent_train), sent_extra),
        "toxicity": _task_card(
            toxicity, "ViHSD (train/dev de-duplicated against test)", len(tox_train), tox_extra
        ),
        "spans": {
            "data": "ViHOS",
            "model": "token logistic regression on hashed features",
            **span_info,
            "train_seconds": round(span_seconds, 1),
        },
        "word_vectors": vectors_info,
        "data_terms": DATA_TERMS,
    }
    models = ListeningModels(version, sentiment.classifier, toxicity.classifier, tagger, card)
    folder = save_models(models, out_root or ARTEFACTS_DIR)
    card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
    card["artefact_bytes"] = {
        p.name: p.stat().st_size for p in sorted(folder.iterdir()) if p.suffix in (".skops", ".npz")
    }
    (folder / "card.json").write_text(
        json.dumps(card, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    (folder / "MODEL_CARD.md").write_text(render_model_card(card), encoding="utf-8")
    models.card = card
    return folder, models


def _pretrain_vectors(
    labelled_texts: Sequence[Sequence[str]],
    vihos_texts: Sequence[str],
    test_texts: Sequence[Sequence[str]],
    cnn: CnnSpec,
) -> tuple[WordVectors, dict]:
    """Skip-gram vectors from the unlabelled train + dev texts of all public sets.

    About 12% of the ViHOS train + dev comments are also test texts of one of the
    sets (mostly ViHSD's): those are dropped, so that no test comment is seen, not
    even without its label. Labels are not used, which is why one corpus serves both
    tasks.
    """
    from lantoa.listening.ml.neural_train import pretrain_word_vectors

    start = time.perf_counter()
    banned = {dedup_key(t) for texts in test_texts for t in texts}
    vihos = [t for t in vihos_texts if dedup_key(t) not in banned]
    corpus = [_preprocess(t) for texts in labelled_texts for t in texts]
    corpus += [_preprocess(t) for t in vihos]
    vectors = pretrain_word_vectors(corpus, dim=cnn.dim, epochs=cnn.pretrain_epochs, seed=cnn.seed)
    info = {
        "method": "skip-gram with negative sampling (PyTorch), window 5, 5 negatives",
        "texts": len(corpus),
        "vihos_texts_dropped_as_test": len(vihos_texts) - len(vihos),
        "words": len(vectors.words),
        "epochs": cnn.pretrain_epochs,
        "train_seconds": round(time.perf_counter() - start, 1),
    }
    return vectors, info


def _task_card(result: TrainResult, data: str, n_train: int, n_extra: int) -> dict:
    return {
        "data": data,
        "train_rows": n_train,
        "organisation_rows": n_extra,
        "chosen": _spec_dict(result.spec),
        "refit_on": "train + dev",
        "dev": result.dev,
        "test": result.test,
        "candidates": result.candidates,
        "neural": result.neural,
        "train_seconds": round(result.seconds, 1),
    }


DATA_TERMS = {
    "UIT-VSFC": "Nguyen et al., KSE 2018 - free for research, cite the paper",
    "ViHSD": "Luu et al., IEA/AIE 2021 (arXiv 2103.11528) - research use only",
    "ViHOS": "Hoang et al., EACL 2023 (arXiv 2301.10186) - MIT",
    "teencode": "curated by Lantoa + filtered subset of the visonorm dictionary (MIT, (c) 2024 HaDung2002)",
    "segmenter": "underthesea ws_crf_vlsp2013 (Apache-2.0), shipped in the underthesea wheel",
}
