"""Text features shared by the sentiment and toxicity classifiers.

Input is the output of :func:`lantoa.listening.nlp.normalize.preprocess`: lower-case
words separated by spaces, syllables joined by ``_``. Two views are combined:

* word 1-3-grams (on segmented words): phrases and negation ("không hài_lòng");
* character 1-5-grams inside word boundaries: robust to typos, missing diacritics and
  teencode the dictionary does not know.

Only scikit-learn objects are used so that artefacts serialise with skops.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    import numpy as np

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
