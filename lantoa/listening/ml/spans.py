"""Offending spans for moderators, learned from ViHOS.

ViHOS marks, per comment, the character offsets of hateful or offensive text. We
train a token-level logistic regression: each word token of the *raw* comment (so
that offsets map back exactly) is described by its normalised form, its neighbours
and a few shape features, hashed into a fixed-size space (no vocabulary to store).
A token is predicted offending when its probability exceeds a threshold tuned on the
dev split; predicted tokens are returned as merged character spans.

Evaluation follows ViHOS / SemEval-2021 toxic spans: per-comment F1 over character
offsets (1.0 when both gold and prediction are empty), averaged over comments.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction import FeatureHasher
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from lantoa.listening.nlp.normalize import normalize_token
from lantoa.listening.nlp.teencode import load_teencode

_WORD_RE = re.compile(r"\w+", re.UNICODE)
N_FEATURES = 2**18


@dataclass(frozen=True)
class Span:
    """Half-open character range ``[start, end)`` of ``text`` judged offending."""

    start: int
    end: int
    text: str
    score: float


def tokens_with_offsets(text: str) -> list[tuple[int, int, str]]:
    """Word tokens of the raw text as ``(start, end, surface)``."""
    return [(m.start(), m.end(), m.group()) for m in _WORD_RE.finditer(text)]


def _norm(surface: str) -> str:
    token = normalize_token(surface)
    return load_teencode(normalize_token).unigrams.get(token, token)


def token_features(text: str) -> list[list[str]]:
    """Hashed-feature strings for each word token of ``text`` (see module docstring)."""
    toks = tokens_with_offsets(text)
    norms = [_norm(t[2]) for t in toks]
    feats: list[list[str]] = []
    for i, (_, _, surface) in enumerate(toks):
        w = norms[i]
        prev1 = norms[i - 1] if i > 0 else "<s>"
        prev2 = norms[i - 2] if i > 1 else "<s>"
        next1 = norms[i + 1] if i + 1 < len(norms) else "</s>"
        next2 = norms[i + 2] if i + 2 < len(norms) else "</s>"
        f = [
            f"w={w}",
            f"p1={prev1}",
            f"n1={next1}",
            f"p2={prev2}",
            f"n2={next2}",
            f"p1w={prev1}|{w}",
            f"wn1={w}|{next1}",
            f"p2p1w={prev2}|{prev1}|{w}",
            f"wn1n2={w}|{next1}|{next2}",
            f"shape={'U' if surface.isupper() else 'T' if surface[:1].isupper() else 'l'}",
            f"len={min(len(w), 8)}",
            "bias",
        ]
        padded = f"<{w}>"
        f += [f"c3={padded[j : j + 3]}" for j in range(max(1, len(padded) - 2))]
        feats.append(f)
    return feats


def token_labels(text: str, offsets: set[int]) -> list[int]:
    """1 for tokens with at least half of their characters inside ``offsets``."""
    out = []
    for start, end, _ in tokens_with_offsets(text):
        inside = sum(1 for i in range(start, end) if i in offsets)
        out.append(1 if inside * 2 >= end - start and inside > 0 else 0)
    return out


def build_span_pipeline(c: float = 1.0) -> Pipeline:
    """Unfitted hasher + logistic regression; input is a list of feature-string lists."""
    return Pipeline(
        [
            (
                "hasher",
                FeatureHasher(n_features=N_FEATURES, input_type="string", alternate_sign=False),
            ),
            ("model", LogisticRegression(C=c, max_iter=2000, class_weight={0: 1.0, 1: 2.0})),
        ]
    )


class SpanTagger:
    """Fitted token classifier plus decision threshold."""

    def __init__(self, pipeline: Pipeline, threshold: float = 0.5) -> None:
        self.pipeline = pipeline
        self.threshold = float(threshold)

    def token_scores(self, texts: Sequence[str]) -> list[np.ndarray]:
        """Offending probability of each word token, per text."""
        per_text = [token_features(t) for t in texts]
        flat = [f for feats in per_text for f in feats]
        if not flat:
            return [np.zeros(0) for _ in texts]
        probs = self.pipeline.predict_proba(flat)[:, 1]
        out, i = [], 0
        for feats in per_text:
            out.append(probs[i : i + len(feats)])
            i += len(feats)
        return out

    def predict_offsets(self, texts: Sequence[str]) -> list[set[int]]:
        """Character offsets predicted offending, per text."""
        out = []
        for text, scores in zip(texts, self.token_scores(texts), strict=True):
            toks = tokens_with_offsets(text)
            out.append(
                {
                    i
                    for (s, e, _), p in zip(toks, scores, strict=True)
                    if p >= self.threshold
                    for i in range(s, e)
                }
            )
        return out

    def spans(self, text: str) -> list[Span]:
        """Offending spans of one text; adjacent tokens (only spaces between) merge.

        Guarantees: spans are sorted, non-overlapping, within ``text``, and each
        ``span.text == text[span.start:span.end]``.
        """
        toks = tokens_with_offsets(text)
        scores = self.token_scores([text])[0]
        spans: list[Span] = []
        for (s, e, _), p in zip(toks, scores, strict=True):
            if p < self.threshold:
                continue
            if spans and not text[spans[-1].end : s].strip():
                last = spans[-1]
                spans[-1] = Span(last.start, e, text[last.start : e], max(last.score, float(p)))
            else:
                spans.append(Span(s, e, text[s:e], float(p)))
        return spans


def span_f1(gold: Sequence[set[int]], predicted: Sequence[set[int]]) -> float:
    """Mean per-comment character-offset F1 (ViHOS / SemEval-2021 toxic spans)."""
    scores = []
    for g, p in zip(gold, predicted, strict=True):
        if not g and not p:
            scores.append(1.0)
        elif not g or not p:
            scores.append(0.0)
        else:
            tp = len(g & p)
            scores.append(2 * tp / (len(g) + len(p)))
    return float(np.mean(scores)) if scores else 0.0


def fit_span_tagger(
    train_texts: Sequence[str],
    train_offsets: Sequence[set[int]],
    dev_texts: Sequence[str],
    dev_offsets: Sequence[set[int]],
    c_grid: Sequence[float] = (0.5, 2.0),
) -> tuple[SpanTagger, dict]:
    """Fit on train, pick C and the threshold on dev by span F1; return tagger and dev scores."""
    x = [f for t in train_texts for f in token_features(t)]
    y = [lab for t, o in zip(train_texts, train_offsets, strict=True) for lab in token_labels(t, o)]
    best: tuple[float, SpanTagger | None, dict] = (-1.0, None, {})
    for c in c_grid:
        tagger = SpanTagger(build_span_pipeline(c).fit(x, y))
        scores = tagger.token_scores(dev_texts)
        for threshold in np.arange(0.2, 0.8, 0.05):
            pred = [
                {
                    i
                    for (s, e, _), p in zip(tokens_with_offsets(t), sc, strict=True)
                    if p >= threshold
                    for i in range(s, e)
                }
                for t, sc in zip(dev_texts, scores, strict=True)
            ]
            f = span_f1(dev_offsets, pred)
            if f > best[0]:
                tagger.threshold = float(threshold)
                best = (
                    f,
                    SpanTagger(tagger.pipeline, float(threshold)),
                    {"C": c, "threshold": round(float(threshold), 2), "dev_span_f1": round(f, 4)},
                )
    if best[1] is None:
        raise ValueError("empty C grid")
    return best[1], best[2]
