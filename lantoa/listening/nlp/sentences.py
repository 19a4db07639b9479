"""Long texts cut into sentences, and sentences into clauses at a contrast.

A review that praises three things and complains about one is one text to a
model trained on single sentences, and the complaint often wins ("Pin trâu, máy mượt,
chụp ảnh đẹp. Giao hàng hơi chậm một chút." came out negative at 0.95). Each piece
is analysed on its own and the document label is aggregated from them
(:mod:`lantoa.listening.ml.document`), with the pieces that decided it as evidence.

Pieces keep their character offsets in the original text, so the opinion screen
can highlight them. A sentence ends at ``.``, ``!``, ``?``, ``…`` or a line break; a
clause starts at a contrast ("nhưng", "tuy nhiên", "mặc dù", "có điều"...).
Pieces without a letter (a lone emoji is kept: it carries feeling) are joined to
their neighbour.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"(?:[.!?…]+[\"')\]]*|\n)\s*")
_CONTRAST = re.compile(
    r"(?:^|(?<=[\s,;:–-]))(?=(?:nhưng mà|nhưng|tuy nhiên|tuy vậy|tuy là|mặc dù|mặc dầu|"
    r"song|có điều|ngược lại|trái lại|chỉ tiếc là|chỉ có điều|nhưng được cái)\b)",
    re.IGNORECASE,
)
# A piece shorter than this (in letters) is joined to the one before: "Ok." is no sentence.
MIN_LETTERS = 4


@dataclass(frozen=True)
class Piece:
    """A sentence or clause: its text and where it sits in the original text."""

    start: int
    end: int
    text: str


def _letters(text: str) -> int:
    return sum(map(str.isalpha, text))


def _cut(text: str, start: int, end: int, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    bounds = [start]
    for match in pattern.finditer(text, start, end):
        cut = match.end() if pattern is _SENTENCE_END else match.start()
        if start < cut < end:
            bounds.append(cut)
    bounds.append(end)
    return [(a, b) for a, b in itertools.pairwise(bounds) if a < b]


def _pieces(text: str, spans: list[tuple[int, int]]) -> list[Piece]:
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and (
            _letters(text[a:b]) < MIN_LETTERS or _letters(text[slice(*merged[-1])]) < MIN_LETTERS
        ):
            merged[-1][1] = b
        else:
            merged.append([a, b])
    pieces = []
    for a, b in merged:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            pieces.append(Piece(a, b, text[a:b]))
    return pieces


def split_sentences(text: str) -> list[Piece]:
    """Sentences with offsets; ``[]`` for blank text (guarantees as :func:`split_pieces`)."""
    if not text or not text.strip():
        return []
    return _pieces(text, _cut(text, 0, len(text), _SENTENCE_END))


def split_clauses(text: str, sentence: Piece) -> list[Piece]:
    """The clauses of one sentence of ``text`` (offsets in ``text``)."""
    return _pieces(text, _cut(text, sentence.start, sentence.end, _CONTRAST))


def split_pieces(text: str) -> list[Piece]:
    """Sentences, then clauses at a contrast, with offsets; ``[]`` for blank text.

    Guarantees: pieces are in order, do not overlap, and ``text[p.start:p.end]`` is
    ``p.text`` with surrounding whitespace stripped; every letter of ``text`` is in
    exactly one piece.
    """
    return [c for s in split_sentences(text) for c in split_clauses(text, s)]
