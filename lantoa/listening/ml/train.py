"""Train the listening models from labelled data and write a versioned artefact.

Public sets (read from :func:`~lantoa.listening.ml.datasets.datasets_dir`): UIT-VSFC
for sentiment, ViHSD for toxicity (train/dev de-duplicated against test), ViHOS for
spans. The organisation's own corrected labels come as CSV files ``text,label`` and
are appended to the training split. Hyper-parameters and decision offsets are chosen
on the dev splits; the chosen configuration is then refitted on train + dev, and the
test splits are used once, for the model card.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

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
    load_labelled_csv,
    load_uit_vsfc,
    load_vihos,
    load_vihsd,
)
from lantoa.listening.ml.features import FeatureConfig, compact_for_serialisation
from lantoa.listening.ml.spans import fit_span_tagger, span_f1
from lantoa.listening.nlp.normalize import preprocess

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


@dataclass
class TrainResult:
    """A fitted classifier, the spec chosen on dev, and its dev/test metrics."""

    classifier: TextClassifier
    spec: ModelSpec
    dev: dict
    test: dict | None
    seconds: float
    candidates: list[dict] = field(default_factory=list)


def train_text_classifier(
    train: Split,
    dev: Split,
    labels: Sequence[str],
    test: Split | None = None,
    grid: Sequence[ModelSpec] = DEFAULT_GRID,
    refit_on_dev: bool = True,
) -> TrainResult:
    """Fit each spec of ``grid`` on ``train``, keep the best dev macro-F1 (after offset tuning).

    Texts are raw; they are preprocessed here. With ``refit_on_dev`` the winner is
    refitted on train + dev, keeping the offsets tuned on dev.
    """
    start = time.perf_counter()
    x_train = [preprocess(t) for t in train.texts]
    x_dev = [preprocess(t) for t in dev.texts]
    best: tuple[float, ModelSpec, TextClassifier, dict] | None = None
    candidates = []
    for spec in grid:
        classifier = TextClassifier(build_pipeline(spec).fit(x_train, train.labels))
        classifier.offsets = tune_offsets(
            classifier.raw_log_proba(x_dev), dev.labels, classifier.labels
        )
        dev_metrics = evaluate(dev.labels, [p.label for p in classifier.predict(x_dev)], labels)
        candidates.append({"spec": _spec_dict(spec), "dev": dev_metrics})
        if best is None or dev_metrics["macro_f1"] > best[0]:
            best = (dev_metrics["macro_f1"], spec, classifier, dev_metrics)
    if best is None:
        raise ValueError("empty model grid")
    _, spec, classifier, dev_metrics = best
    if refit_on_dev:
        offsets = classifier.offsets
        pipeline = build_pipeline(spec).fit(x_train + x_dev, list(train.labels) + list(dev.labels))
        classifier = TextClassifier(pipeline, list(offsets))
    compact_for_serialisation(classifier.pipeline.named_steps["features"])
    test_metrics = None
    if test is not None:
        x_test = [preprocess(t) for t in test.texts]
        test_metrics = evaluate(test.labels, [p.label for p in classifier.predict(x_test)], labels)
    return TrainResult(
        classifier, spec, dev_metrics, test_metrics, time.perf_counter() - start, candidates
    )


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
) -> tuple[Path, ListeningModels]:
    """Train sentiment, toxicity and span models; write artefact + model card.

    Returns the artefact folder and the loaded-equivalent models.
    """
    version = version or default_version_name(
        "org" if (extra_sentiment_csvs or extra_toxicity_csvs) else "public"
    )
    sent_train, sent_extra = _with_extra(
        load_uit_vsfc("train", data_root), extra_sentiment_csvs, SENTIMENT_LABELS
    )
    sentiment = train_text_classifier(
        sent_train,
        load_uit_vsfc("dev", data_root),
        SENTIMENT_LABELS,
        load_uit_vsfc("test", data_root),
        grid,
    )
    hsd_test = load_vihsd("test", data_root)
    tox_train, tox_extra = _with_extra(
        load_vihsd("train", data_root, exclude=hsd_test), extra_toxicity_csvs, TOXICITY_LABELS
    )
    toxicity = train_text_classifier(
        tox_train, load_vihsd("dev", data_root, exclude=hsd_test), TOXICITY_LABELS, hsd_test, grid
    )
    start = time.perf_counter()
    vihos_train, vihos_dev, vihos_test = (
        load_vihos(s, data_root) for s in ("train", "dev", "test")
    )
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
        "data_terms": DATA_TERMS,
    }
    models = ListeningModels(version, sentiment.classifier, toxicity.classifier, tagger, card)
    folder = save_models(models, out_root or ARTEFACTS_DIR)
    card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
    card["artefact_bytes"] = {p.name: p.stat().st_size for p in sorted(folder.glob("*.skops"))}
    (folder / "card.json").write_text(
        json.dumps(card, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    (folder / "MODEL_CARD.md").write_text(render_model_card(card), encoding="utf-8")
    models.card = card
    return folder, models


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
        "train_seconds": round(result.seconds, 1),
    }


DATA_TERMS = {
    "UIT-VSFC": "Nguyen et al., KSE 2018 - free for research, cite the paper",
    "ViHSD": "Luu et al., IEA/AIE 2021 (arXiv 2103.11528) - research use only",
    "ViHOS": "Hoang et al., EACL 2023 (arXiv 2301.10186) - MIT",
    "teencode": "curated by Lantoa + filtered subset of the visonorm dictionary (MIT, (c) 2024 HaDung2002)",
    "segmenter": "underthesea ws_crf_vlsp2013 (Apache-2.0), shipped in the underthesea wheel",
}
