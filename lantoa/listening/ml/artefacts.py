"""Versioned model artefacts: safe saving and loading with skops.

Layout: ``<root>/<version>/`` holds ``sentiment.skops``, ``toxicity.skops``,
``spans.skops``, optionally ``sentiment_cnn.npz`` / ``toxicity_cnn.npz`` (TextCNN
weights as plain arrays, read with ``allow_pickle=False``), ``card.json`` (metadata,
decision offsets and ensemble weights, metrics) and ``MODEL_CARD.md``. Artefacts are never pickles: skops refuses to build any type that
is not explicitly trusted, and we trust only the scikit-learn/numpy types our
pipelines are made of (:data:`TRUSTED_TYPES`); an artefact naming anything else is
rejected with :class:`UntrustedArtefactError`.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skops import io as sio

from lantoa.listening.ml.classifier import Prediction, TextClassifier
from lantoa.listening.ml.neural import TextCNNEnsemble
from lantoa.listening.ml.spans import Span, SpanTagger
from lantoa.listening.nlp.normalize import preprocess

ARTEFACTS_DIR = Path(__file__).resolve().parent / "artefacts"
DEFAULT_FILE = "DEFAULT"  # holds the name of the version shipped as default

# Types that skops does not trust out of the box but our pipelines legitimately use
# (the calibrated LinearSVC's internals). Everything else an artefact names must be
# in skops' own default-trusted set (scikit-learn estimators, numpy arrays, builtins).
TRUSTED_TYPES: frozenset[str] = frozenset(
    {
        "sklearn.calibration._CalibratedClassifier",
        "sklearn.calibration._SigmoidCalibration",
        "sklearn.utils._bunch.Bunch",
    }
)


class UntrustedArtefactError(RuntimeError):
    """An artefact contains types outside :data:`TRUSTED_TYPES`."""


def save_skops(obj: Any, path: Path) -> None:
    """Serialise ``obj`` with skops (zip-compressed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sio.dump(obj, path, compression=zipfile.ZIP_DEFLATED, compresslevel=9)


def load_skops(path: Path) -> Any:
    """Load a skops file after checking every type it names is trusted.

    Raises :class:`UntrustedArtefactError` listing the offending types otherwise.
    """
    untrusted = set(sio.get_untrusted_types(file=path))
    unknown = sorted(untrusted - TRUSTED_TYPES)
    if unknown:
        raise UntrustedArtefactError(f"{path.name}: refusing untrusted types {unknown}")
    return sio.load(path, trusted=sorted(untrusted))


def available_versions(root: Path | None = None) -> list[str]:
    """Versions present under ``root`` (sorted; names are date-prefixed)."""
    root = root or ARTEFACTS_DIR
    return (
        sorted(p.name for p in root.iterdir() if (p / "card.json").is_file())
        if root.is_dir()
        else []
    )


def default_version(root: Path | None = None) -> str:
    """The version named in ``<root>/DEFAULT``, else the newest available one."""
    root = root or ARTEFACTS_DIR
    marker = root / DEFAULT_FILE
    if marker.is_file() and marker.read_text(encoding="utf-8").strip():
        return marker.read_text(encoding="utf-8").strip()
    versions = available_versions(root)
    if not versions:
        raise FileNotFoundError(f"no listening artefacts in {root}")
    return versions[-1]


@dataclass(frozen=True)
class Analysis:
    """Everything the models say about one text, with the version that said it."""

    sentiment: Prediction
    toxicity: Prediction
    spans: list[Span]
    model_version: str


@dataclass
class ListeningModels:
    """The three models of one artefact version."""

    version: str
    sentiment: TextClassifier
    toxicity: TextClassifier
    spans: SpanTagger
    card: dict[str, Any]

    def analyse(self, texts: Sequence[str], with_spans: bool = True) -> list[Analysis]:
        """Sentiment, toxicity and (for non-clean texts) offending spans, in order.

        Texts are preprocessed once and shared by both classifiers. Spans are only
        computed for texts whose toxicity is not ``clean``: moderators need them
        there, and it keeps the common case fast.
        """
        prepared = [preprocess(t) for t in texts]
        sentiments = self.sentiment.predict(prepared)
        toxicities = self.toxicity.predict(prepared)
        out = []
        for text, s, t in zip(texts, sentiments, toxicities, strict=True):
            spans = self.spans.spans(text) if with_spans and t.label != "clean" else []
            out.append(Analysis(s, t, spans, self.version))
        return out


def save_models(models: ListeningModels, root: Path | None = None) -> Path:
    """Write ``models`` under ``<root>/<version>/``; returns that folder."""
    folder = (root or ARTEFACTS_DIR) / models.version
    folder.mkdir(parents=True, exist_ok=True)
    save_skops(models.sentiment.pipeline, folder / "sentiment.skops")
    save_skops(models.toxicity.pipeline, folder / "toxicity.skops")
    save_skops(models.spans.pipeline, folder / "spans.skops")
    for task, classifier in (("sentiment", models.sentiment), ("toxicity", models.toxicity)):
        cnn_path = folder / f"{task}_cnn.npz"
        if classifier.neural is not None:
            classifier.neural.save(cnn_path)
        else:
            cnn_path.unlink(missing_ok=True)
    card = dict(models.card)
    card["version"] = models.version
    card["decision"] = {
        "sentiment_log_prior_offsets": dict(
            zip(models.sentiment.labels, map(float, models.sentiment.offsets), strict=True)
        ),
        "toxicity_log_prior_offsets": dict(
            zip(models.toxicity.labels, map(float, models.toxicity.offsets), strict=True)
        ),
        "sentiment_neural_weight": models.sentiment.neural_weight,
        "toxicity_neural_weight": models.toxicity.neural_weight,
        "span_threshold": models.spans.threshold,
    }
    (folder / "card.json").write_text(
        json.dumps(card, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return folder


def load_models(version: str | None = None, root: Path | None = None) -> ListeningModels:
    """Load one artefact version (default: :func:`default_version`) with type checks."""
    root = root or ARTEFACTS_DIR
    version = version or default_version(root)
    folder = root / version
    if not (folder / "card.json").is_file():
        raise FileNotFoundError(f"no listening artefact version {version!r} in {root}")
    card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
    decision = card.get("decision", {})
    sentiment = _load_classifier(folder, "sentiment", decision)
    toxicity = _load_classifier(folder, "toxicity", decision)
    spans = SpanTagger(
        load_skops(folder / "spans.skops"), float(decision.get("span_threshold", 0.5))
    )
    return ListeningModels(version, sentiment, toxicity, spans, card)


def _load_classifier(folder: Path, task: str, decision: dict[str, Any]) -> TextClassifier:
    classifier = TextClassifier(load_skops(folder / f"{task}.skops"))
    classifier.offsets = _offsets(decision.get(f"{task}_log_prior_offsets"), classifier.labels)
    cnn_path = folder / f"{task}_cnn.npz"
    if cnn_path.is_file():
        classifier.set_neural(
            TextCNNEnsemble.load(cnn_path), float(decision.get(f"{task}_neural_weight", 0.0))
        )
    return classifier


def _offsets(mapping: dict[str, float] | None, labels: Sequence[str]) -> Any:
    import numpy as np

    mapping = mapping or {}
    return np.array([float(mapping.get(lab, 0.0)) for lab in labels])
