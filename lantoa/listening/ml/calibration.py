"""Calibrated confidence: temperature scaling, calibration error and the reliability curve.

A model mixed from log-probabilities is sure of itself: the old sentiment model said
0.95 for wrong answers outside its training domain. One number, a *temperature* T,
divides the log-scores before the softmax (T > 1 softens, T < 1 sharpens); it is
fitted to minimise the negative log-likelihood on held-out data (the dev splits of
every domain, never a test split) and it never changes which label wins. Below
:data:`UNCERTAIN_BELOW` the label is shown as "chưa chắc chắn" and counted apart.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

# Calibrated confidence under which a label is "chưa chắc chắn" (shown and counted apart).
UNCERTAIN_BELOW = 0.6


def softmax(z: np.ndarray) -> np.ndarray:
    if len(z) == 0:
        return z
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _nll(scores: np.ndarray, gold_idx: np.ndarray, temperature: float) -> float:
    p = softmax(scores / temperature)
    return float(-np.mean(np.log(p[np.arange(len(gold_idx)), gold_idx] + 1e-12)))


def fit_temperature(
    scores: np.ndarray, gold: Sequence[str], labels: Sequence[str], grid: Sequence[float] = ()
) -> float:
    """The temperature in ``grid`` (default 0.5-6) minimising NLL of ``gold``."""
    index = {lab: i for i, lab in enumerate(labels)}
    keep = [i for i, g in enumerate(gold) if g in index]
    if not keep:
        return 1.0
    gold_idx = np.array([index[gold[i]] for i in keep])
    s = scores[keep]
    candidates = list(grid) or [round(t, 2) for t in np.arange(0.5, 6.0001, 0.05)]
    return float(min(candidates, key=lambda t: _nll(s, gold_idx, t)))


def reliability(
    probabilities: np.ndarray, gold: Sequence[str], labels: Sequence[str], bins: int = 10
) -> tuple[float, list[dict]]:
    """Expected calibration error (in percent) and the reliability curve.

    Top-label ECE: predictions are binned by their confidence; each bin's gap between
    mean confidence and accuracy is weighted by its share of predictions. The curve
    lists ``{"from", "to", "n", "confidence", "accuracy"}`` per non-empty bin.
    """
    if len(gold) == 0:
        return 0.0, []
    names = np.asarray(labels)
    confidence = probabilities.max(axis=1)
    correct = names[probabilities.argmax(axis=1)] == np.asarray(gold)
    edges = np.linspace(0.0, 1.0, bins + 1)
    ece = 0.0
    curve = []
    for lo, hi in itertools.pairwise(edges):
        inside = (confidence > lo) & (confidence <= hi) if lo > 0 else (confidence <= hi)
        n = int(inside.sum())
        if not n:
            continue
        conf, acc = float(confidence[inside].mean()), float(correct[inside].mean())
        ece += n / len(gold) * abs(conf - acc)
        curve.append(
            {
                "from": round(float(lo), 2),
                "to": round(float(hi), 2),
                "n": n,
                "confidence": round(100 * conf, 1),
                "accuracy": round(100 * acc, 1),
            }
        )
    return round(100 * ece, 2), curve
