"""Build and measure a layered version: the shipped in-domain models, plus a general
sentiment model trained across domains, calibration and the fast segmenter.

:func:`build_layered` trains and writes it; :func:`measure` scores any loaded version
on every domain's test split, the hand-written workplace set, calibration error and
throughput. ``bench/listening.py --multidomain`` prints both; the model card
(``MODEL_CARD.md``) is written from the same figures.
"""

from __future__ import annotations

import csv
import resource
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from lantoa.listening.ml.artefacts import (
    ARTEFACTS_DIR,
    ListeningModels,
    TextClassifier,
    load_models,
    save_layered,
)
from lantoa.listening.ml.calibration import UNCERTAIN_BELOW, fit_temperature, reliability
from lantoa.listening.ml.classifier import evaluate
from lantoa.listening.ml.datasets import SENTIMENT_LABELS, TOXICITY_LABELS, Split
from lantoa.listening.ml.domains import banned_test_keys
from lantoa.listening.ml.multidomain import (
    DomainData,
    MixedClassifier,
    _every,
    fit_general,
    load_all,
)
from lantoa.listening.nlp.lexicon_segment import LexiconSegmenter, vocabulary_words
from lantoa.listening.nlp.normalize import normalize, prepare

WORKPLACE_FILE = Path(__file__).resolve().parent / "data" / "workplace_test.tsv"
GENERAL_WEIGHT = 0.5


def read_workplace(path: Path = WORKPLACE_FILE) -> tuple[Split, list[str]]:
    """The hand-written workplace set: texts, sentiment labels, and topics."""
    texts: list[str] = []
    labels: list[str] = []
    topics: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, label, topic = next(csv.reader([line], delimiter="\t"))
        texts.append(text)
        labels.append(label)
        topics.append(topic)
    return Split(texts, labels), topics


def lexicon_of(base: ListeningModels) -> LexiconSegmenter:
    """The fast segmenter over every multi-syllable word the base models know."""
    vocabularies: list[Any] = []
    for classifier in (base.sentiment, base.toxicity):
        if not isinstance(classifier, TextClassifier):
            continue
        for _, vectorizer in classifier.pipeline.named_steps["features"].transformer_list:
            if getattr(vectorizer, "analyzer", "") == "word":
                vocabularies.append(vectorizer.vocabulary_.keys())
        if classifier.neural is not None:
            vocabularies += [m.vocab for m in classifier.neural.members if not m.syllables]
    return LexiconSegmenter(vocabulary_words(vocabularies))


def build_layered(
    version: str,
    base_version: str | None = None,
    root: Path | None = None,
    data: Sequence[DomainData] | None = None,
    lodo_rows: list[dict] | None = None,
    extra: Sequence[Split] = (),
    train_cap: int | None = None,
) -> tuple[Path, list[DomainData]]:
    """Train the general sentiment model on every domain (+ ``extra`` splits, e.g. the
    organisation's corrections) and write the layered version ``version``."""
    root = root or ARTEFACTS_DIR
    base = load_models(base_version, root)
    base_name = base.card.get("base_version") or base.version
    if base_name != base.version:
        base = load_models(str(base_name), root)
    segmenter = lexicon_of(base)
    start = time.perf_counter()
    data = list(data) if data is not None else load_all("sentiment", _fast(segmenter))
    prep_seconds = time.perf_counter() - start
    start = time.perf_counter()
    parts = [_every(d.train, train_cap) for d in data]
    general = fit_general(parts + [_as_general(s) for s in extra])
    train_seconds = time.perf_counter() - start
    if not isinstance(base.sentiment, TextClassifier):
        raise TypeError(f"{base.version} is not a base version")
    weight = GENERAL_WEIGHT
    if extra:
        weight = _weight_for(base.sentiment, general, extra, _fast(segmenter))
    mixed = MixedClassifier(base.sentiment, general, weight)
    temperature = _fit_on_dev(mixed, data)
    toxicity_temperature = _toxicity_temperature(base.toxicity, segmenter)
    card = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "pipeline": "normalise → sentences and clauses → longest-match segmentation over the "
        "models' vocabulary → in-domain ensemble mixed with the general model → temperature",
        "sentiment_general": {
            "data": [d.domain.name for d in data],
            "organisation_rows": sum(len(s) for s in extra),
            "train_rows": {d.domain.name: len(p) for d, p in zip(data, parts, strict=True)},
            "model": "logistic regression, word 1-2-grams over syllables + char 2-4-grams, "
            "domain-balanced sample weights",
            "weight_in_mix": weight,
            "train_seconds": round(train_seconds, 1),
            "preprocess_seconds": round(prep_seconds, 1),
        },
        "lodo": lodo_rows or [],
        "lexicon_words": len(segmenter.words),
        "decision": {
            "sentiment_general_weight": weight,
            "sentiment_temperature": temperature,
            "toxicity_temperature": toxicity_temperature,
            "uncertain_below": UNCERTAIN_BELOW,
        },
    }
    folder = save_layered(version, base.version, card, general, segmenter, root)
    return folder, data


def _weight_for(
    base: TextClassifier, general: Any, extra: Sequence[Split], prepare_fast: Any
) -> float:
    """How much to trust the general model, which has read the organisation's own
    corrections: the weight with the best macro-F1 on those corrections (ties go to
    the default). Whether that is really better is decided on held-out corrections
    by the caller, never here."""
    texts = [prepare_fast(t) for s in extra for t in s.texts]
    gold = [lab for s in extra for lab in s.labels]
    present = [lab for lab in base.labels if lab in set(gold)]
    best, best_score = GENERAL_WEIGHT, -1.0
    for w in (GENERAL_WEIGHT, 0.7, 0.85):
        scores = MixedClassifier(base, general, w).raw_log_proba(texts)
        predicted = [base.labels[i] for i in scores.argmax(axis=1)]
        score = float(evaluate(gold, predicted, present)["macro_f1"])
        if score > best_score + 1e-9:
            best, best_score = w, score
    return best


def _fast(segmenter: LexiconSegmenter):  # type: ignore[no-untyped-def]
    def run(text: str) -> str:
        return prepare(normalize(text, lowercase=False), segmenter)

    return run


def _as_general(split: Split) -> Split:
    return Split([normalize(t) for t in split.texts], list(split.labels))


def _toxicity_temperature(toxicity: TextClassifier, segmenter: LexiconSegmenter) -> float:
    """The toxicity model's temperature on the dev splits of ViHSD and ViTHSD."""
    from lantoa.listening.ml.domains import TOXICITY_DOMAINS, read_domain

    prepare_fast = _fast(segmenter)
    keys = banned()
    texts: list[str] = []
    gold: list[str] = []
    for domain in TOXICITY_DOMAINS:
        dev = read_domain(domain, "dev", banned=keys)
        step = max(1, len(dev) // 1000)
        texts += [prepare_fast(t) for t in dev.texts[::step][:1000]]
        gold += dev.labels[::step][:1000]
    scores = toxicity.raw_log_proba(texts) + toxicity.offsets
    return fit_temperature(scores, gold, toxicity.labels)


def _fit_on_dev(mixed: MixedClassifier, data: Sequence[DomainData], per_domain: int = 600) -> float:
    texts: list[str] = []
    gold: list[str] = []
    for d in data:
        step = max(1, len(d.base_dev) // per_domain)
        texts += d.base_dev.texts[::step][:per_domain]
        gold += d.base_dev.labels[::step][:per_domain]
    return fit_temperature(mixed.raw_log_proba(texts), gold, mixed.labels)


def measure(
    models: ListeningModels,
    test_sets: dict[str, Split],
    toxicity_sets: dict[str, Split],
    throughput_texts: dict[str, list[str]],
) -> dict[str, Any]:
    """Test figures through the whole pipeline (``analyse``), per set; calibration error;
    the workplace set; throughput per CPU-second and peak memory."""
    out: dict[str, Any] = {"sentiment": {}, "toxicity": {}, "throughput": {}}
    for name, split in test_sets.items():
        results = models.analyse(split.texts, with_spans=False)
        present = [lab for lab in SENTIMENT_LABELS if lab in set(split.labels)]
        predicted = [r.sentiment.label or "neutral" for r in results]
        figures = evaluate(split.labels, predicted, present)
        probs = np.array(
            [[r.sentiment.probabilities.get(lab, 0.0) for lab in SENTIMENT_LABELS] for r in results]
        )
        figures["ece"], figures["reliability"] = reliability(probs, split.labels, SENTIMENT_LABELS)
        figures["uncertain_share"] = round(
            100 * sum(r.uncertain for r in results) / len(results), 1
        )
        figures["mixed"] = sum(r.sentiment.label == "mixed" for r in results)
        out["sentiment"][name] = figures
    for name, split in toxicity_sets.items():
        results = models.analyse(split.texts, with_spans=False)
        predicted = [r.toxicity.label or "clean" for r in results]
        figures = evaluate(split.labels, predicted, TOXICITY_LABELS)
        probs = np.array(
            [[r.toxicity.probabilities.get(lab, 0.0) for lab in TOXICITY_LABELS] for r in results]
        )
        figures["ece"], _ = reliability(probs, split.labels, TOXICITY_LABELS)
        out["toxicity"][name] = figures
    for name, texts in throughput_texts.items():
        models.analyse(texts[:50])
        cpu = time.process_time()
        models.analyse(texts)
        seconds = time.process_time() - cpu
        out["throughput"][name] = {
            "n": len(texts),
            "mean_chars": round(sum(len(t) for t in texts) / max(1, len(texts))),
            "per_cpu_second": round(len(texts) / seconds) if seconds else None,
        }
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return out


def banned() -> frozenset[str]:
    return banned_test_keys()
