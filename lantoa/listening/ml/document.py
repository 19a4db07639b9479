"""From the sentiment of each sentence to the sentiment of a document, with evidence.

Each piece (:func:`lantoa.listening.nlp.sentences.split_pieces`) has calibrated
probabilities. The document's are their weighted mean, a piece weighing the square
root of its length in letters (a long sentence says more, but not linearly), halved
when it is hedged ("hơi", "một chút", "tí": "Giao hàng hơi chậm một chút" is a minor
complaint), and with a neutral question or notice weighing a quarter (it says
nothing about how the writer feels). The document is ``mixed`` when a strong
positive and a strong negative piece coexist (each at least :data:`STRONG` sure,
unhedged) and neither side outweighs the other by :data:`MIXED_MARGIN`. The evidence
is the pieces that carry the document's label, strongest first (for ``mixed``, the
strongest of each side).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from lantoa.listening.nlp.sentences import Piece

MIXED = "mixed"
STRONG = 0.75
MIXED_MARGIN = 0.25
HEDGED_WEIGHT = 0.5
NEUTRAL_FORM_WEIGHT = 0.25
EVIDENCE_MAX = 2
_HEDGES = re.compile(
    r"(?:^| )(?:hơi|một chút|một_chút|chút xíu|chút_xíu|một tí|tí xíu|tí|chút ít|đôi chút|"
    r"hơi bị|khá là)(?= |$)"
)


@dataclass(frozen=True)
class Evidence:
    """A piece of the text that decided the label: offsets, its text and its own label."""

    start: int
    end: int
    text: str
    label: str
    confidence: float

    def as_dict(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "label": self.label,
            "confidence": round(self.confidence, 3),
        }


@dataclass(frozen=True)
class DocumentSentiment:
    label: str
    confidence: float
    probabilities: dict[str, float]
    evidence: tuple[Evidence, ...]


def is_hedged(normalised: str) -> bool:
    return bool(_HEDGES.search(normalised))


def aggregate(
    pieces: Sequence[Piece],
    probabilities: np.ndarray,
    labels: Sequence[str],
    hedged: Sequence[bool],
    neutral_form: Sequence[bool],
) -> DocumentSentiment:
    """The document's sentiment from its pieces' (rows of ``probabilities``)."""
    index = {lab: i for i, lab in enumerate(labels)}
    weights = np.array(
        [
            math.sqrt(max(1, sum(map(str.isalpha, p.text))))
            * (HEDGED_WEIGHT if h else 1.0)
            * (NEUTRAL_FORM_WEIGHT if n else 1.0)
            for p, h, n in zip(pieces, hedged, neutral_form, strict=True)
        ]
    )
    mean = (weights[:, None] * probabilities).sum(axis=0) / weights.sum()
    row_labels = [labels[int(r.argmax())] for r in probabilities]
    best = int(mean.argmax())
    label, confidence = labels[best], float(mean[best])
    pos, neg = index.get("positive"), index.get("negative")
    if pos is not None and neg is not None and len(pieces) > 1:
        strong = [
            (i, row_labels[i])
            for i in range(len(pieces))
            if not hedged[i]
            and row_labels[i] in ("positive", "negative")
            and probabilities[i, index[row_labels[i]]] >= STRONG
        ]
        sides = {lab for _, lab in strong}
        if sides == {"positive", "negative"} and abs(mean[pos] - mean[neg]) < MIXED_MARGIN:
            label, confidence = MIXED, float(mean[pos] + mean[neg])
    evidence = _evidence(pieces, probabilities, labels, row_labels, weights, label)
    probs = {lab: float(p) for lab, p in zip(labels, mean, strict=True)}
    return DocumentSentiment(label, confidence, probs, evidence)


def _evidence(
    pieces: Sequence[Piece],
    probabilities: np.ndarray,
    labels: Sequence[str],
    row_labels: Sequence[str],
    weights: np.ndarray,
    label: str,
) -> tuple[Evidence, ...]:
    def item(i: int) -> Evidence:
        k = labels.index(row_labels[i])
        p = pieces[i]
        return Evidence(p.start, p.end, p.text, row_labels[i], float(probabilities[i, k]))

    def strength(i: int) -> float:
        return float(weights[i] * probabilities[i, labels.index(row_labels[i])])

    if label == MIXED:
        chosen = [
            max((i for i in range(len(pieces)) if row_labels[i] == side), key=strength)
            for side in ("positive", "negative")
        ]
        return tuple(item(i) for i in sorted(chosen))
    matching = sorted(
        (i for i in range(len(pieces)) if row_labels[i] == label), key=strength, reverse=True
    )
    return tuple(item(i) for i in sorted(matching[:EVIDENCE_MAX]))
