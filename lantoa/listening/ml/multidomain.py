"""Training across domains and measuring outside them (leave one domain out).

The in-domain models learnt one kind of text each (UIT-VSFC course feedback, ViHSD
comments). A *general* linear model is trained here on the train splits of every
domain of its task (:mod:`lantoa.listening.ml.domains`), each domain weighing the
same in the loss whatever its size (domain-balanced sample weights), never on a test
split. It is mixed with the in-domain model in log space (:class:`MixedClassifier`)
and the mix is calibrated by a temperature fitted on the dev splits of every domain.

Leave-one-domain-out (:func:`lodo`): for each domain, a general model trained
without it is scored on its test split; decisions use the mean over domains.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from lantoa.listening.ml.calibration import fit_temperature, reliability, softmax
from lantoa.listening.ml.classifier import Prediction, TextClassifier, evaluate
from lantoa.listening.ml.datasets import SENTIMENT_LABELS, TOXICITY_LABELS, Split
from lantoa.listening.ml.domains import Domain, banned_test_keys, domains_for, read_domain
from lantoa.listening.ml.features import compact_for_serialisation
from lantoa.listening.nlp.normalize import normalize

# The general model reads syllables (normalised text, no segmentation): word 1-2-grams
# over syllables cover the compounds a segmenter would join, and reading them costs
# nothing. At inference it gets the segmented text with "_" turned back into spaces.
_syllables = functools.lru_cache(maxsize=300_000)(normalize)


def as_syllables(prepared: str) -> str:
    return prepared.replace("_", " ")


GENERAL_C = 2.0
GENERAL_MAX_FEATURES = 60_000


def labels_of(task: str) -> tuple[str, ...]:
    return SENTIMENT_LABELS if task == "sentiment" else TOXICITY_LABELS


def build_general_pipeline(c: float = GENERAL_C) -> Pipeline:
    """Word 1-2-grams and character 2-4-grams, logistic regression: small and fast."""
    words = TfidfVectorizer(
        token_pattern=r"\S+",  # noqa: S106 - pre-tokenised text
        lowercase=False,
        ngram_range=(1, 2),
        min_df=2,
        max_features=GENERAL_MAX_FEATURES,
        sublinear_tf=True,
        dtype=np.float32,
    )
    chars = TfidfVectorizer(
        analyzer="char_wb",
        lowercase=False,
        ngram_range=(2, 4),
        min_df=3,
        max_features=GENERAL_MAX_FEATURES,
        sublinear_tf=True,
        dtype=np.float32,
    )
    return Pipeline(
        [
            ("features", FeatureUnion([("words", words), ("chars", chars)])),
            ("model", LogisticRegression(C=c, max_iter=2000)),
        ]
    )


@dataclass
class DomainData:
    """The splits of one domain: normalised syllables for the general model, and
    the in-domain model's input (``base_*``, segmented) where it is scored."""

    domain: Domain
    train: Split
    dev: Split
    test: Split
    base_dev: Split
    base_test: Split


def load_all(
    task: str,
    base_prepare: Callable[[str], str],
    banned: frozenset[str] | None = None,
    limit: int | None = None,
) -> list[DomainData]:
    """Every domain of ``task``, prepared; train/dev cleared of any test text.
    ``limit`` keeps that many rows per split (a quick trial run)."""
    banned = banned_test_keys() if banned is None else banned
    out = []
    for domain in domains_for(task):
        splits = [read_domain(domain, s, banned=banned) for s in ("train", "dev", "test")]
        if limit:
            splits = [
                Split(s.texts[::step][:limit], s.labels[::step][:limit])
                for s, step in ((s, max(1, len(s) // limit)) for s in splits)
            ]
        prepared = [Split([_syllables(t) for t in s.texts], list(s.labels)) for s in splits]
        base = [Split([base_prepare(t) for t in s.texts], list(s.labels)) for s in splits[1:]]
        out.append(DomainData(domain, *prepared, *base))
    return out


def domain_weights(parts: Sequence[Split]) -> np.ndarray:
    """Sample weights giving each part the same total weight (mean weight 1)."""
    total = sum(len(p) for p in parts)
    return np.concatenate([np.full(len(p), total / (len(parts) * len(p))) for p in parts if len(p)])


def fit_general(parts: Sequence[Split], c: float = GENERAL_C) -> Pipeline:
    """A general pipeline on the concatenated ``parts``, domain-balanced."""
    texts = [t for p in parts for t in p.texts]
    labels = [lab for p in parts for lab in p.labels]
    pipeline = build_general_pipeline(c)
    pipeline.fit(texts, labels, model__sample_weight=domain_weights(parts))
    compact_for_serialisation(pipeline.named_steps["features"])
    return pipeline


class MixedClassifier:
    """The in-domain classifier and a general pipeline, mixed in log space.

    ``log p = (1 - w) * in-domain + w * general``, then divided by ``temperature``.
    Offers what :class:`TextClassifier` offers to :meth:`ListeningModels.analyse`.
    """

    def __init__(
        self,
        base: TextClassifier,
        general: Pipeline | None,
        weight: float = 0.5,
        temperature: float = 1.0,
    ) -> None:
        self.base = base
        self.general = general
        self.labels = base.labels
        self.weight = float(weight) if general is not None else 0.0
        self.temperature = float(temperature)
        if general is not None and tuple(str(c) for c in general.classes_) != self.labels:
            raise ValueError("the general model's classes differ from the in-domain model's")

    def raw_log_proba(self, texts: Sequence[str]) -> np.ndarray:
        base = self.base.raw_log_proba(texts) + self.base.offsets
        if self.general is None or self.weight == 0.0 or len(texts) == 0:
            return base
        general = general_log_proba(self.general, [as_syllables(t) for t in texts])
        return (1.0 - self.weight) * base + self.weight * general

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return softmax(self.raw_log_proba(texts) / self.temperature)

    def predictions(self, probs: np.ndarray) -> list[Prediction]:
        return self.base.predictions(probs)

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        return self.predictions(self.predict_proba(texts))


def scores(gold: Sequence[str], log_scores: np.ndarray, labels: Sequence[str]) -> dict:
    """Accuracy, macro-F1 over the labels the domain has, per-class F1, ECE."""
    present = [lab for lab in labels if lab in set(gold)]
    predicted = [labels[i] for i in log_scores.argmax(axis=1)]
    result = evaluate(gold, predicted, present)
    result["ece"], _ = reliability(softmax(log_scores), gold, labels)
    return result


def general_log_proba(pipeline: Pipeline, texts: Sequence[str]) -> np.ndarray:
    return np.log(np.asarray(pipeline.predict_proba(list(texts))) + 1e-9)


def _every(split: Split, cap: int | None) -> Split:
    if not cap or len(split) <= cap:
        return split
    step = len(split) / cap
    keep = [int(i * step) for i in range(cap)]
    return Split([split.texts[i] for i in keep], [split.labels[i] for i in keep])


def lodo(
    data: Sequence[DomainData],
    base: TextClassifier | None,
    weights: Sequence[float] = (0.5,),
    train_cap: int | None = None,
) -> list[dict]:
    """Leave each domain out: train on the others' train splits, score on its test.

    Rows: ``domain``, ``n``, then per system (``base``: the in-domain model, which
    saw only its own domain; ``general``; ``mix@w``) the :func:`scores`.
    """
    rows = []
    labels = labels_of(data[0].domain.task)
    for held in data:
        start = time.perf_counter()
        parts = [_every(d.train, train_cap) for d in data if d is not held]
        pipeline = fit_general(parts)
        general = general_log_proba(pipeline, held.test.texts)
        row: dict = {"domain": held.domain.name, "n": len(held.test)}
        row["general"] = scores(held.test.labels, general, labels)
        if base is not None:
            in_domain = base.raw_log_proba(held.base_test.texts) + base.offsets
            row["base"] = scores(held.test.labels, in_domain, labels)
            for w in weights:
                mixed = (1 - w) * in_domain + w * general
                row[f"mix@{w}"] = scores(held.test.labels, mixed, labels)
        row["seconds"] = round(time.perf_counter() - start, 1)
        rows.append(row)
    return rows


def fit_temperature_on_dev(classifier: MixedClassifier, data: Sequence[DomainData]) -> float:
    """Temperature of the mix on the dev splits of every domain, domain-balanced."""
    per_domain = 600
    texts: list[str] = []
    gold: list[str] = []
    for d in data:
        step = max(1, len(d.base_dev) // per_domain)
        texts += d.base_dev.texts[::step][:per_domain]
        gold += d.base_dev.labels[::step][:per_domain]
    return fit_temperature(classifier.raw_log_proba(texts), gold, classifier.labels)
