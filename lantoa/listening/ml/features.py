"""Text features shared by the sentiment and toxicity classifiers.

Input is the output of :func:`lantoa.listening.nlp.normalize.preprocess`: lower-case
words separated by spaces, syllables joined by ``_``. Two views are combined:

* word 1-3-grams (on segmented words): phrases and negation ("không hài_lòng");
* character 1-5-grams inside word boundaries: robust to typos, missing diacritics and
  teencode the dictionary does not know.

Only scikit-learn objects are used so that artefacts serialise with skops.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion


@dataclass(frozen=True)
class FeatureConfig:
    """Hyper-parameters of the TF-IDF views (defaults chosen on the dev splits)."""

    word_ngrams: tuple[int, int] = (1, 3)
    char_ngrams: tuple[int, int] = (1, 5)
    word_min_df: int = 1
    char_min_df: int = 2
    max_features: int | None = 300_000


def build_features(config: FeatureConfig | None = None) -> FeatureUnion:
    """A fresh (unfitted) union of word and character TF-IDF vectorisers."""
    config = config or FeatureConfig()
    words = TfidfVectorizer(
        token_pattern=r"\S+",  # noqa: S106 - the text is already tokenised; keep punctuation and emo* tokens
        lowercase=False,
        ngram_range=config.word_ngrams,
        min_df=config.word_min_df,
        max_features=config.max_features,
        sublinear_tf=True,
        dtype=_float32(),
    )
    chars = TfidfVectorizer(
        analyzer="char_wb",
        lowercase=False,
        ngram_range=config.char_ngrams,
        min_df=config.char_min_df,
        max_features=config.max_features,
        sublinear_tf=True,
        dtype=_float32(),
    )
    return FeatureUnion([("words", words), ("chars", chars)])


def _float32() -> type:
    return np.float32


def compact_for_serialisation(union: FeatureUnion) -> None:
    """Shrink fitted vectorisers before saving; ``transform`` is unchanged.

    * ``stop_words_`` holds every pruned term "for introspection only" (unused by
      ``transform``) and would multiply the artefact size;
    * ``vocabulary_`` values are numpy integers, which skops stores one file each
      (tens of thousands of zip entries): plain ``int`` values serialise inline.
    """
    for _, vectorizer in union.transformer_list:
        if hasattr(vectorizer, "stop_words_"):
            vectorizer.stop_words_ = None
        if hasattr(vectorizer, "vocabulary_"):
            vectorizer.vocabulary_ = {term: int(i) for term, i in vectorizer.vocabulary_.items()}


# Above this many cached words the per-word n-gram cache starts afresh (bounded memory).
WORD_CACHE_LIMIT = 50_000


class CachedUnionTransform:
    """``union.transform`` for a fitted union built by :func:`build_features`, faster.

    scikit-learn analyses every document character by character in Python. The
    character view here is ``char_wb``: its n-grams never cross a word boundary, so
    the vocabulary ids of each word's n-grams are computed once and cached. Counts,
    then scikit-learn's own TF-IDF transformer (sublinear tf, idf, l2 norm): the
    matrix is the one ``union.transform`` returns (a test compares them). Unions of
    any other configuration fall back to ``union.transform``.
    """

    def __init__(self, union: FeatureUnion) -> None:
        self.union = union
        self.supported = union.transformer_weights is None and all(
            _plain(v) and v.analyzer in {"word", "char_wb"} for _, v in union.transformer_list
        )
        self._word_caches: list[dict[str, tuple[int, ...]]] = [{} for _ in union.transformer_list]
        if self.supported:
            self.warm()

    def warm(self) -> None:
        """Cache the character n-gram ids of the words the union's own word view
        knows (its single-word vocabulary): the common words are then never
        analysed again."""
        known = [
            term
            for _, vectorizer in self.union.transformer_list
            if vectorizer.analyzer == "word"
            for term in vectorizer.vocabulary_
            if " " not in term
        ][:WORD_CACHE_LIMIT]
        for (_, vectorizer), cache in zip(
            self.union.transformer_list, self._word_caches, strict=True
        ):
            if vectorizer.analyzer == "char_wb":
                low, high = vectorizer.ngram_range
                for word in known:
                    cache[word] = _char_wb_ids(word, vectorizer.vocabulary_, low, high)

    def transform(self, docs: list[str]) -> Any:
        if not self.supported:
            return self.union.transform(docs)
        blocks = []
        for (_, vectorizer), cache in zip(
            self.union.transformer_list, self._word_caches, strict=True
        ):
            counts = (
                self._char_counts(vectorizer, cache, docs)
                if vectorizer.analyzer == "char_wb"
                else self._word_counts(vectorizer, docs)
            )
            blocks.append(vectorizer._tfidf.transform(counts, copy=False))
        return sparse.hstack(blocks).tocsr()

    @staticmethod
    def _matrix(vectorizer: Any, ids: list[int], per_doc: list[int]) -> Any:
        """Counts of the vocabulary ids of each document (``per_doc`` of them in turn),
        as scikit-learn builds them: CSR, duplicates summed, indices sorted."""
        rows = np.repeat(np.arange(len(per_doc)), per_doc)
        matrix = sparse.csr_matrix(
            (np.ones(len(ids), dtype=vectorizer.dtype), (rows, np.asarray(ids, dtype=np.int64))),
            shape=(len(per_doc), len(vectorizer.vocabulary_)),
            dtype=vectorizer.dtype,
        )
        matrix.sum_duplicates()
        matrix.sort_indices()
        return matrix

    def _char_counts(
        self, vectorizer: Any, cache: dict[str, tuple[int, ...]], docs: list[str]
    ) -> Any:
        if len(cache) > WORD_CACHE_LIMIT:
            cache.clear()
        vocabulary = vectorizer.vocabulary_
        low, high = vectorizer.ngram_range

        def ids_of(doc: str) -> list[int]:
            ids: list[int] = []
            for word in doc.split():
                found = cache.get(word)
                if found is None:
                    found = cache[word] = _char_wb_ids(word, vocabulary, low, high)
                ids.extend(found)
            return ids

        return self._counts(vectorizer, docs, ids_of)

    def _word_counts(self, vectorizer: Any, docs: list[str]) -> Any:
        vocabulary = vectorizer.vocabulary_
        low, high = vectorizer.ngram_range

        def ids_of(doc: str) -> list[int]:
            # In any order: the counts are summed per id (see _matrix).
            tokens = doc.split()
            ids: list[int] = []
            for n in range(low, min(high, len(tokens)) + 1):
                # The n-grams: the n tokens from each start (zip stops at the shortest).
                shifted = (tokens[k:] for k in range(n))
                grams = tokens if n == 1 else map(" ".join, zip(*shifted, strict=False))
                ids.extend(i for i in map(vocabulary.get, grams) if i is not None)
            return ids

        return self._counts(vectorizer, docs, ids_of)

    def _counts(self, vectorizer: Any, docs: list[str], ids_of: Callable[[str], list[int]]) -> Any:
        ids: list[int] = []
        per_doc: list[int] = []
        for doc in docs:
            found = ids_of(doc)
            ids.extend(found)
            per_doc.append(len(found))
        return self._matrix(vectorizer, ids, per_doc)


def _plain(vectorizer: Any) -> bool:
    """A fitted TF-IDF vectoriser whose analysis is only the n-grams (nothing else to replicate)."""
    return (
        isinstance(vectorizer, TfidfVectorizer)
        and hasattr(vectorizer, "vocabulary_")
        and vectorizer.input == "content"
        and not vectorizer.lowercase
        and vectorizer.preprocessor is None
        and vectorizer.tokenizer is None
        and vectorizer.strip_accents is None
        and vectorizer.stop_words is None
        and not vectorizer.binary
        and (vectorizer.analyzer != "word" or vectorizer.token_pattern == r"\S+")  # noqa: S105
    )


def _char_wb_ids(word: str, vocabulary: dict[str, int], low: int, high: int) -> tuple[int, ...]:
    """Vocabulary ids of the character n-grams of one word padded with spaces, with
    repeats (scikit-learn's ``_char_wb_ngrams`` for one word)."""
    padded = f" {word} "
    length = len(padded)
    out: list[int] = []
    for n in range(low, high + 1):
        offset = 0
        i = vocabulary.get(padded[:n])
        if i is not None:
            out.append(i)
        while offset + n < length:
            offset += 1
            i = vocabulary.get(padded[offset : offset + n])
            if i is not None:
                out.append(i)
        if offset == 0:  # a word shorter than n counts once
            break
    return tuple(out)
