"""Teencode and abbreviation dictionaries ("ko" → "không", "dc" → "được").

Two TSV files ship in ``data/``: Lantoa's curated ``teencode.tsv`` (wins on conflicts)
and ``teencode_visonorm.tsv``, an unambiguous subset of the MIT-licensed visonorm
dictionary (see ``data/build_visonorm_subset.py`` and ``data/LICENSE.visonorm``).
Keys may be one or two tokens ("bây h" → "bây giờ").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
DICTIONARY_FILES = ("teencode_visonorm.tsv", "teencode.tsv")  # later files win


@dataclass(frozen=True)
class Teencode:
    """Lookup tables keyed by normalised tokens: single tokens and token pairs."""

    unigrams: dict[str, str]
    bigrams: dict[tuple[str, str], str]

    def expand(self, tokens: list[str], keep: list[str] | None = None) -> list[str]:
        """Replace known teencode tokens (already normalised, lower-case).

        Guarantees: a token not in the dictionaries is returned in order, as itself or
        as ``keep[i]`` when ``keep`` (same length as ``tokens``) is given; an
        expansion may contain spaces ("mọi người").
        """
        if keep is None:
            keep = tokens
        out: list[str] = []
        i = 0
        n = len(tokens)
        while i < n:
            if i + 1 < n:
                pair = self.bigrams.get((tokens[i], tokens[i + 1]))
                if pair is not None:
                    out.append(pair)
                    i += 2
                    continue
            out.append(self.unigrams.get(tokens[i], keep[i]))
            i += 1
        return out


def read_tsv(path: Path) -> dict[str, str]:
    """Read ``key<TAB>value`` lines, skipping blank lines and ``#`` comments."""
    entries: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, _, value = line.partition("\t")
        if key.strip() and value.strip():
            entries[key.strip()] = value.strip()
    return entries


@lru_cache(maxsize=4)
def load_teencode(normalize_token: Callable[[str], str]) -> Teencode:
    """Load the shipped dictionaries with keys normalised by ``normalize_token``.

    The keys go through the same token normalisation as the text (tone placement,
    de-elongation, lower case), so that a key written "rùii" still matches.
    """
    unigrams: dict[str, str] = {}
    bigrams: dict[tuple[str, str], str] = {}
    for name in DICTIONARY_FILES:
        for key, value in read_tsv(DATA_DIR / name).items():
            parts = [normalize_token(p) for p in key.split()]
            value = " ".join(normalize_token(p) for p in value.split())
            if len(parts) == 1:
                unigrams[parts[0]] = value
            elif len(parts) == 2:
                bigrams[(parts[0], parts[1])] = value
    # An identity entry would be harmless but wasteful.
    unigrams = {k: v for k, v in unigrams.items() if k != v}
    return Teencode(unigrams=unigrams, bigrams=bigrams)
