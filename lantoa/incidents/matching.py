"""Finding the facts and past incidents that match a claim
(docs/subsystems/incidents.md, "Matching").

People write the same rumour a hundred ways, with or without diacritics,
with teencode ("ko", "dc") and typos. Every text is folded (marks dropped,
"đ" → "d", lower case) and read two ways:

- **BM25** over syllables and syllable pairs ("dai hoi" is one term as well
  as two): Vietnamese words are mostly two syllables, and the pair carries
  the meaning ("hoi" alone is "ask", "association", "smell"…);
- **TF-IDF cosine over character 3–5-grams** inside words: it forgives a
  typo, a missing letter and a word cut differently.

The two scores are each scaled to the best candidate's and mixed
(`BM25_WEIGHT`). On the 124 test claims BM25 alone is as good as the mix
(bench/incidents.py prints both, per half of the claims); the character
n-grams are kept for the typos and odd spellings those claims have few of.
An index is built once per
set of documents and kept in memory (`cached_index`), so a query costs a
sparse product, not a rebuild.
"""

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from lantoa.core.text import search_key

BM25_K1 = 1.2
BM25_B = 0.75
BM25_WEIGHT = 0.6
_NUMBER = re.compile(r"(?<=\d)[.,](?=\d{3}\b)")  # "60.000" → "60000"
_NON_WORD = re.compile(r"[^0-9a-z]+")

# Folded teencode and abbreviations people type in comments and messages.
SHORT_FORMS = {
    "ko": "khong",
    "k": "khong",
    "kh": "khong",
    "hok": "khong",
    "khg": "khong",
    "dc": "duoc",
    "đc": "duoc",
    "dk": "duoc",
    "ng": "nguoi",
    "nld": "nguoi lao dong",
    "cn": "cong nhan",
    "cd": "cong doan",
    "cđ": "cong doan",
    "ctcd": "chu tich cong doan",
    "ct": "chu tich",
    "bhxh": "bao hiem xa hoi",
    "bh": "bao hiem",
    "ng ta": "nguoi ta",
    "j": "gi",
    "z": "vay",
    "vs": "voi",
    "r": "roi",
    "ns": "noi",
    "mn": "moi nguoi",
    "tr": "trieu",
    "t": "toi",
    "bn": "bao nhieu",
    "nc": "nuoc",
    "cty": "cong ty",
}
# Words that say nothing about what a claim is about.
STOPWORDS = frozenset(
    [
        "la",
        "va",
        "cua",
        "co",
        "cac",
        "nhung",
        "mot",
        "nay",
        "do",
        "thi",
        "ma",
        "de",
        "duoc",
        "khong",
        "chua",
        "da",
        "dang",
        "se",
        "bi",
        "cho",
        "voi",
        "tai",
        "trong",
        "tu",
        "den",
        "ve",
        "nhu",
        "nao",
        "gi",
        "roi",
        "nhe",
        "a",
        "oi",
        "ha",
        "chu",
        "nghe",
        "noi",
        "nguoi",
        "ta",
        "moi",
        "nguoi",
        "ai",
        "biet",
        "thay",
        "bao",
        "rang",
        "lam",
        "the",
        "vay",
        "hay",
        "hon",
        "rat",
        "qua",
        "lai",
        "con",
        "cung",
        "vi",
        "neu",
        "khi",
        "sau",
        "truoc",
        "len",
        "xuong",
        "ra",
        "vao",
        "nua",
        "day",
        "kia",
        "nhieu",
        "it",
        "het",
        "tat",
        "ca",
        "toi",
        "minh",
        "ban",
        "anh",
        "chi",
        "em",
        "chung",
    ]
)


def normalize(text: str) -> str:
    """Folded, lower-case words, short forms spelt out, numbers joined."""
    text = _NUMBER.sub("", search_key(text).replace("đ", "d"))
    words = _NON_WORD.sub(" ", text).split()
    return " ".join(SHORT_FORMS.get(word, word) for word in words)


def terms(text: str) -> list[str]:
    """Syllables (stopwords out) and syllable pairs of the normalised text."""
    syllables = normalize(text).split()
    kept = [s for s in syllables if s not in STOPWORDS]
    pairs = [f"{a}_{b}" for a, b in itertools.pairwise(syllables)]
    return kept + [p for p in pairs if not set(p.split("_")) <= STOPWORDS]


@dataclass(frozen=True)
class Match:
    key: int
    score: float


class Index:
    """A fixed set of documents (key, text) to match queries against."""

    def __init__(self, documents: Sequence[tuple[int, str]]) -> None:
        self.keys = np.array([key for key, _ in documents], dtype=np.int64)
        texts = [text for _, text in documents]
        self.size = len(texts)
        if not self.size:
            return
        self._words = CountVectorizer(analyzer=terms, dtype=np.float64)
        counts = sparse.csr_matrix(self._words.fit_transform(texts))
        lengths = np.asarray(counts.sum(axis=1)).ravel()
        average = lengths.mean() or 1.0
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        self._idf = np.log1p((self.size - df + 0.5) / (df + 0.5))
        # BM25's term-frequency saturation, per (document, term), precomputed.
        weighted = counts.tocoo()
        norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths[weighted.row] / average)
        data = weighted.data * (BM25_K1 + 1) / (weighted.data + norm)
        self._bm25 = sparse.csr_matrix((data, (weighted.row, weighted.col)), shape=counts.shape)
        self._chars = TfidfVectorizer(
            preprocessor=normalize, analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True
        )
        self._char_matrix = self._chars.fit_transform(texts)

    def search(self, query: str, k: int = 5) -> list[Match]:
        """The `k` best documents for `query`, best first; [] for an empty
        index or a query with no word in common with any document."""
        if not self.size or not normalize(query):
            return []
        q = sparse.csr_matrix(self._words.transform([query]))
        q.data = np.ones_like(q.data)  # a term counts once in the query
        bm25 = np.asarray((self._bm25 @ sparse.diags(self._idf) @ q.T).todense()).ravel()
        chars = np.asarray((self._char_matrix @ self._chars.transform([query]).T).todense()).ravel()
        if bm25.max() <= 0 and chars.max() <= 0.05:
            return []
        score = BM25_WEIGHT * _scaled(bm25) + (1 - BM25_WEIGHT) * _scaled(chars)
        best = np.argsort(-score, kind="stable")[:k]
        return [Match(int(self.keys[i]), float(score[i])) for i in best if score[i] > 0]


def _scaled(values: np.ndarray) -> np.ndarray:
    top = float(values.max())
    return values / top if top > 0 and math.isfinite(top) else np.zeros_like(values)


@lru_cache(maxsize=64)
def cached_index(documents: tuple[tuple[int, str], ...]) -> Index:
    """The index of exactly these documents, built once per process."""
    return Index(documents)
