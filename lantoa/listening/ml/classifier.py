"""Probabilistic text classifiers (sentiment, toxicity) built from scikit-learn parts.

A :class:`TextClassifier` is a fitted scikit-learn pipeline (features + estimator with
``predict_proba``), optionally averaged with a small numpy TextCNN
(:mod:`lantoa.listening.ml.neural`) in log-probability space, plus per-class
*log-prior offsets*. The offsets are tuned on a dev
split to maximise macro-F1: rare classes (neutral sentiment, hate) are under-predicted
by a model trained for likelihood, and shifting the priors is the principled fix (it is
exactly Bayes' rule with different class priors), cheaper and more stable than
re-weighting the training loss alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import VotingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC

from lantoa.listening.ml.features import CachedUnionTransform, FeatureConfig, build_features
from lantoa.listening.ml.neural import TextCNN, TextCNNEnsemble

_EPS = 1e-9


@dataclass(frozen=True)
class Prediction:
    """One classification: the label, its probability, and every class probability."""

    label: str
    confidence: float
    probabilities: dict[str, float]


@dataclass(frozen=True)
class ModelSpec:
    """Which estimator to fit: ``lr``, ``svc`` (calibrated LinearSVC) or ``ensemble``."""

    kind: str = "ensemble"
    c_lr: float = 10.0
    c_svc: float = 0.5
    balanced: bool = False
    features: FeatureConfig = field(default_factory=FeatureConfig)


def build_pipeline(spec: ModelSpec) -> Pipeline:
    """An unfitted pipeline for ``spec``."""
    weight = "balanced" if spec.balanced else None
    lr = LogisticRegression(C=spec.c_lr, max_iter=3000, class_weight=weight)
    # Sigmoid calibration on 3 folds turns SVM margins into usable probabilities;
    # ensemble=False keeps one SVM (fitted on all data) so the artefact stays small.
    svc = CalibratedClassifierCV(
        LinearSVC(C=spec.c_svc, class_weight=weight), cv=3, method="sigmoid", ensemble=False
    )
    estimator: object
    if spec.kind == "lr":
        estimator = lr
    elif spec.kind == "svc":
        estimator = svc
    elif spec.kind == "ensemble":
        estimator = VotingClassifier([("lr", lr), ("svc", svc)], voting="soft")
    else:
        raise ValueError(f"unknown model kind {spec.kind!r}")
    return Pipeline([("features", build_features(spec.features)), ("model", estimator)])


class TextClassifier:
    """A fitted pipeline (+ optional TextCNN) with log-prior offsets; input is preprocessed text.

    With a ``neural`` model the raw score is ``(1 - w) * log p_linear + w * log p_cnn``
    (a weighted geometric mean of the two distributions, ``w = neural_weight`` tuned
    on dev): the models err differently, and averaging logs rewards agreement.
    """

    def __init__(
        self,
        pipeline: Pipeline,
        offsets: Sequence[float] | None = None,
        neural: TextCNN | TextCNNEnsemble | None = None,
        neural_weight: float = 0.0,
        temperature: float = 1.0,
    ) -> None:
        self.pipeline = pipeline
        # Divides the log-scores before the softmax (ml/calibration.py): it changes how
        # sure the model says it is, never which label wins.
        self.temperature = float(temperature)
        self.labels: tuple[str, ...] = tuple(str(c) for c in pipeline.classes_)
        self.offsets = np.zeros(len(self.labels)) if offsets is None else np.asarray(offsets, float)
        if self.offsets.shape != (len(self.labels),):
            raise ValueError("one offset per class is required")
        self.neural: TextCNNEnsemble | None = None
        self.neural_weight = 0.0
        # The cascade: rows whose linear model alone is at least this sure skip the
        # TextCNN (None: every row runs it). See :meth:`raw_log_proba`.
        self.neural_skip_above: float | None = None
        self._features: CachedUnionTransform | None = None
        if neural is not None:
            self.set_neural(neural, neural_weight)

    def set_neural(self, neural: TextCNN | TextCNNEnsemble, weight: float) -> None:
        """Attach TextCNN(s) over the same classes, with their mixing weight in [0, 1]."""
        if isinstance(neural, TextCNN):
            neural = TextCNNEnsemble([neural])
        if set(neural.labels) != set(self.labels):
            raise ValueError(f"TextCNN classes {neural.labels} differ from {self.labels}")
        if not 0.0 <= weight <= 1.0:
            raise ValueError("the neural weight must be within [0, 1]")
        self.neural, self.neural_weight = neural, float(weight)

    def linear_log_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Log-probabilities of the scikit-learn pipeline alone; shape (n, classes)."""
        if len(texts) == 0:
            return np.zeros((0, len(self.labels)))
        steps = self.pipeline.named_steps
        if list(steps) == ["features", "model"] and isinstance(steps["features"], FeatureUnion):
            # The same features as the pipeline's, computed with per-word caches.
            if self._features is None or self._features.union is not steps["features"]:
                self._features = CachedUnionTransform(steps["features"])
            probs = steps["model"].predict_proba(self._features.transform(list(texts)))
        else:
            probs = self.pipeline.predict_proba(list(texts))
        return np.log(np.asarray(probs) + _EPS)

    def neural_log_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Log-probabilities of the TextCNN, columns in the order of :attr:`labels`."""
        if self.neural is None:
            raise ValueError("no neural model attached")
        columns = [self.neural.labels.index(lab) for lab in self.labels]
        return self.neural.log_proba(list(texts))[:, columns]

    def raw_log_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Log-scores before offsets (linear, or the weighted mix); shape (n, classes).

        With :attr:`neural_skip_above` set (the cascade), a row whose linear model
        alone gives its best label at least that probability (after offsets, before
        temperature) keeps the linear scores: the TextCNN runs only on the rows the
        linear model is unsure of. The threshold is chosen on dev data so that the
        labels agree with the full mix there (:func:`choose_cascade`).
        """
        linear = self.linear_log_proba(texts)
        if self.neural is None or self.neural_weight == 0.0 or len(texts) == 0:
            return linear
        mixed = linear.copy()
        rows = np.flatnonzero(self.unsure_rows(linear))
        if len(rows):
            neural = self.neural_log_proba([texts[int(i)] for i in rows])
            mixed[rows] = self.mix(linear[rows], neural)
        return mixed

    def mix(self, linear: np.ndarray, neural: np.ndarray) -> np.ndarray:
        """The weighted mix of linear and TextCNN log-scores of the same rows."""
        w = self.neural_weight
        return (1.0 - w) * linear + w * neural

    def linear_sureness(self, linear: np.ndarray) -> np.ndarray:
        """Per row of linear log-scores, the probability of its best label after
        the offsets but before any temperature (so that a calibration fitted
        later does not move the cascade's gate)."""
        return np.asarray(_softmax(linear + self.offsets).max(axis=1))

    def unsure_rows(self, linear: np.ndarray) -> np.ndarray:
        """Which rows of linear log-probabilities need the TextCNN (boolean mask)."""
        if self.neural_skip_above is None:
            return np.ones(len(linear), dtype=bool)
        return np.asarray(self.linear_sureness(linear) < self.neural_skip_above)

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated probabilities after the prior shift; rows sum to 1."""
        return _softmax((self.raw_log_proba(texts) + self.offsets) / self.temperature)

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        """One :class:`Prediction` per text, in order (empty list for no texts)."""
        return self.predictions(self.predict_proba(texts))

    def predictions(self, probs: np.ndarray) -> list[Prediction]:
        """:class:`Prediction` objects from rows of probabilities over :attr:`labels`."""
        out: list[Prediction] = []
        for row in probs:
            k = int(row.argmax())
            out.append(
                Prediction(
                    label=self.labels[k],
                    confidence=float(row[k]),
                    probabilities={lab: float(p) for lab, p in zip(self.labels, row, strict=True)},
                )
            )
        return out


CASCADE_GRID = (0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99)


def choose_cascade(
    classifier: TextClassifier, texts: Sequence[str], floor: float = 0.999
) -> dict[str, float | None]:
    """The lowest cascade threshold of :data:`CASCADE_GRID` whose labels agree with
    the full mix on at least ``floor`` of ``texts`` (dev rows, prepared).

    Returns the threshold (None when none qualifies or there is no TextCNN), the
    agreement and the share of rows that skip the TextCNN.
    """
    if classifier.neural is None or classifier.neural_weight == 0.0 or not texts:
        return {"threshold": None, "agreement": 1.0, "skipped": 0.0}
    linear = classifier.linear_log_proba(texts)
    full = classifier.mix(linear, classifier.neural_log_proba(texts))
    expected = (full + classifier.offsets).argmax(axis=1)
    sure = classifier.linear_sureness(linear)
    for threshold in CASCADE_GRID:
        skip = sure >= threshold
        got = np.where(skip[:, None], linear, full) + classifier.offsets
        agreement = float((got.argmax(axis=1) == expected).mean())
        if agreement >= floor:
            return {"threshold": threshold, "agreement": agreement, "skipped": float(skip.mean())}
    return {"threshold": None, "agreement": 1.0, "skipped": 0.0}


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True) if len(z) else z
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True) if len(z) else e


def tune_offsets(
    log_proba: np.ndarray, gold: Sequence[str], labels: Sequence[str], span: float = 2.0
) -> np.ndarray:
    """Per-class log-prior offsets that maximise macro-F1 of ``log_proba`` on ``gold``.

    Coordinate ascent on a 0.1 grid in ``[-span, span]``; the first class stays at 0
    (only differences matter). Ties go to the smaller shift, so that offsets move only
    when the dev split clearly asks for it.
    """
    gold_arr = np.asarray(gold)
    names = np.asarray(labels)
    offsets = np.zeros(len(labels))

    def score(o: np.ndarray) -> float:
        pred = names[(log_proba + o).argmax(axis=1)]
        return float(f1_score(gold_arr, pred, average="macro", labels=list(labels)))

    best = score(offsets)
    grid = np.round(np.arange(-span, span + 1e-9, 0.1), 2)
    for _ in range(3):
        improved = False
        for k in range(1, len(labels)):
            for value in sorted(grid, key=abs):
                trial = offsets.copy()
                trial[k] = value
                s = score(trial)
                if s > best + 1e-9:
                    best, offsets, improved = s, trial, True
        if not improved:
            break
    return offsets


def evaluate(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> dict:
    """Accuracy, macro-F1, weighted-F1 and per-class F1 (all in percent)."""
    per_class = f1_score(gold, predicted, labels=list(labels), average=None, zero_division=0)
    return {
        "n": len(gold),
        "accuracy": round(100 * float(accuracy_score(gold, predicted)), 2),
        "macro_f1": round(
            100
            * float(
                f1_score(gold, predicted, average="macro", labels=list(labels), zero_division=0)
            ),
            2,
        ),
        "weighted_f1": round(
            100
            * float(
                f1_score(gold, predicted, average="weighted", labels=list(labels), zero_division=0)
            ),
            2,
        ),
        "per_class_f1": {
            lab: round(100 * float(f), 2) for lab, f in zip(labels, per_class, strict=True)
        },
    }
