"""Keywords of a set of texts (e.g. one unit's opinions in one week).

Scores each segmented word and word bigram by how many texts of the set contain it,
weighted by how *specific* it is to the set compared with a background set (a
smoothed log-odds ratio of document frequencies); without a background, document
frequency alone is used. Stop words (underthesea's bundled Vietnamese list),
punctuation, numbers and the pipeline's mask and emoji tokens are never keywords.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from lantoa.listening.nlp.normalize import preprocess

# Function words and intensifiers missing from underthesea's short list.
_EXTRA_STOPWORDS = frozenset(
    [
        "quá",
        "lắm",
        "rồi",
        "này",
        "thì",
        "là",
        "và",
        "của",
        "có",
        "không",
        "cũng",
        "như",
        "nhưng",
        "vì",
        "nên",
        "với",
        "cho",
        "các",
        "những",
        "nó",
        "họ",
        "tôi",
        "mình",
        "bạn",
        "em",
        "anh",
        "chị",
        "ạ",
        "nhé",
        "nha",
        "à",
        "ơi",
        "thôi",
        "gì",
        "sao",
        "vậy",
        "thế",
        "nào",
        "ai",
        "đây",
        "đó",
        "luôn",
        "lại",
        "còn",
        "đã",
        "sẽ",
        "đang",
        "bị",
        "hơn",
        "nhất",
        "rất",
        "thật",
        "chứ",
        "mà",
        "ở",
        "trong",
        "ra",
        "vào",
        "lên",
        "xuống",
    ]
)
_NOT_A_WORD = re.compile(r"^(?:xx\w+|emo\w+|haha|huhu|\W+|[\d.,:/]+\w{0,3})$")


@dataclass(frozen=True)
class Keyword:
    """A keyword (syllables joined by spaces), its score, and how many texts contain it."""

    term: str
    score: float
    count: int


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """underthesea's bundled Vietnamese stop words plus ours, in ``_``-joined form."""
    try:
        from underthesea.datasets.stopwords import words
    except Exception:  # noqa: BLE001 - keywords still work, just noisier
        return _EXTRA_STOPWORDS
    return _EXTRA_STOPWORDS | frozenset(
        w.strip().lower().replace(" ", "_") for w in words if w.strip()
    )


def _terms(preprocessed: str) -> set[str]:
    stop = stopwords()
    words = [w for w in preprocessed.split() if not _NOT_A_WORD.match(w)]
    # Bigrams only between adjacent content words, so "không hài_lòng" survives while
    # pairs bridging a stop word do not ("của công_ty").
    terms = {w for w in words if w not in stop and len(w) > 1}
    terms |= {f"{a} {b}" for a, b in itertools.pairwise(words) if a not in stop and b not in stop}
    return terms


def document_frequencies(preprocessed_texts: Iterable[str]) -> tuple[Counter[str], int]:
    """Term → number of texts containing it, and the number of texts."""
    df: Counter[str] = Counter()
    n = 0
    for text in preprocessed_texts:
        df.update(_terms(text))
        n += 1
    return df, n


def extract_keywords(
    texts: Sequence[str],
    top_k: int = 10,
    background: Sequence[str] | None = None,
    preprocessed: bool = False,
    min_count: int = 2,
) -> list[Keyword]:
    """Top ``top_k`` keywords of ``texts``.

    ``background`` (e.g. all opinions of the parent unit over a longer period) makes
    the ranking favour what is *specific* to ``texts``. Terms found in fewer than
    ``min_count`` texts are ignored, so that a single comment cannot make a topic.
    Guarantees: at most ``top_k`` keywords, sorted by decreasing score; a bigram
    replaces its two unigrams when it scores at least as well (no redundant pairs).
    """
    prep = list(texts) if preprocessed else [preprocess(t) for t in texts]
    df, n = document_frequencies(prep)
    if background is not None:
        bg_prep = list(background) if preprocessed else [preprocess(t) for t in background]
        bg_df, bg_n = document_frequencies(bg_prep)
    else:
        bg_df, bg_n = Counter(), 0
    scored: list[Keyword] = []
    for term, count in df.items():
        if count < min(min_count, n):
            continue
        if bg_n:
            # Smoothed log-odds of appearing in the set vs the background.
            p_set = (count + 0.5) / (n + 1)
            p_bg = (bg_df.get(term, 0) + 0.5) / (bg_n + 1)
            score = count * max(0.0, math.log(p_set / p_bg))
        else:
            score = float(count)
        # Multi-word terms are more informative than their parts at equal counts.
        score *= 1.0 + 0.25 * term.count(" ") + 0.1 * term.count("_")
        if score > 0:
            scored.append(Keyword(term.replace("_", " "), round(score, 4), count))
    scored.sort(key=lambda k: (-k.score, k.term))
    chosen: list[Keyword] = []
    for kw in scored:
        if any(kw.term in c.term.split(" ") or kw.term in c.term for c in chosen):
            continue
        chosen.append(kw)
        if len(chosen) == top_k:
            break
    return chosen
