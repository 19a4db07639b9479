"""A fast word segmenter: longest match over the words the models know.

underthesea's CRF segmenter is accurate but costs about 5 ms for a review-length
text (half the analysis time before; the models themselves take less than 1 ms).
The models only have features for the words they saw in training, so segmenting
into any other word gains nothing: a greedy longest match over the multi-syllable
words of the models' own vocabularies (shipped with the artefact as
``lexicon.txt``) produces the tokens the models can use, at some 50,000 texts/s.
The same post-steps as the CRF path follow (degree words cut, negated complaints
joined: :func:`lantoa.listening.nlp.normalize.segment`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

MAX_SYLLABLES = 4


class LexiconSegmenter:
    """Greedy longest match (up to :data:`MAX_SYLLABLES` syllables) over a word list."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(w.lower() for w in words if "_" in w)
        self.longest = min(MAX_SYLLABLES, max((w.count("_") + 1 for w in self.words), default=1))

    @classmethod
    def from_file(cls, path: Path) -> LexiconSegmenter:
        return cls(path.read_text(encoding="utf-8").split())

    def save(self, path: Path) -> None:
        path.write_text("\n".join(sorted(self.words)) + "\n", encoding="utf-8")

    def segment(self, text: str) -> list[str]:
        """Words of ``text`` (syllables separated by spaces), syllables joined by ``_``."""
        syllables = text.split()
        lowered = [s.lower() for s in syllables]
        out: list[str] = []
        i, n = 0, len(syllables)
        words = self.words
        while i < n:
            for size in range(min(self.longest, n - i), 1, -1):
                if "_".join(lowered[i : i + size]) in words:
                    out.append("_".join(syllables[i : i + size]))
                    i += size
                    break
            else:
                out.append(syllables[i])
                i += 1
        return out


def vocabulary_words(vocabularies: Iterable[Iterable[str]]) -> set[str]:
    """The multi-syllable words among n-gram vocabularies (``"giảng_viên dạy"`` → both)."""
    found: set[str] = set()
    for vocabulary in vocabularies:
        for term in vocabulary:
            found.update(t for t in term.split() if "_" in t and t.strip("_"))
    return found
