"""Vietnamese tone-mark placement normalisation.

Vietnamese text in the wild mixes two conventions for where the tone mark sits in an
open syllable with the vowel pairs *oa*, *oe*, *uy*: the "old" style (``hòa``, ``thúy``,
``khỏe``) and the "new" style (``hoà``, ``thuý``, ``khoẻ``), and keyboards also produce
outright misplacements (``qúy``, ``hoạn`` written ``họan``). All of them are the same word,
so a model sees them as different tokens unless they are unified.

The canonical form chosen here is the **new style**, because it is the form used by the
dictionary of underthesea's CRF word segmenter (``hoà bình``, ``thuỷ lợi`` are in it,
``hòa bình`` is not): segmentation is therefore better on canonical text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Combining marks (after NFD) that carry the five tones; the vowel-quality marks
# (circumflex U+0302, breve U+0306, horn U+031B) are not tones and stay on their vowel.
_TONE_MARKS = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
_VOWELS = set("aăâeêioôơuưy")
_MARKED_VOWELS = set("ăâêôơư")
_ONSETS = (
    "ngh",
    "ng",
    "nh",
    "ch",
    "gh",
    "gi",
    "kh",
    "ph",
    "qu",
    "th",
    "tr",
    "b",
    "c",
    "d",
    "đ",
    "g",
    "h",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "x",
)
_CODAS = {"", "c", "ch", "m", "n", "ng", "nh", "p", "t"}
# Open syllables whose tone goes on the second vowel in the new style ("hoà", "thuý").
_SECOND_VOWEL_NUCLEI = {"oa", "oe", "uy"}

# Fast pre-filter: only words made of Latin letters (with Vietnamese diacritics) are
# candidates; everything else (numbers, emoji, URLs) is returned untouched.
_WORD_RE = re.compile(r"^[^\W\d_]+$")


def _split_tone(word: str) -> tuple[str, str | None]:
    """Return ``(word without tone marks, the tone mark or None)``.

    If a word carries more than one tone mark (a typing error) the last one wins.
    """
    tone: str | None = None
    kept: list[str] = []
    for ch in unicodedata.normalize("NFD", word):
        if ch in _TONE_MARKS:
            tone = ch
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def _tone_index(base: str) -> int | None:
    """Index in ``base`` (lower-case, toneless) of the vowel that must carry the tone.

    Returns None when ``base`` is not a well-formed Vietnamese syllable, so that foreign
    words and teencode are never rewritten.
    """
    onset = ""
    for candidate in _ONSETS:
        if base.startswith(candidate):
            onset = candidate
            break
    # "gi" and "qu" are onsets only when a vowel follows ("gì" is g + i, "quý" is qu + y).
    if onset in ("gi", "qu") and (len(base) == 2 or base[2] not in _VOWELS):
        onset = onset[0]
    start = len(onset)
    end = start
    while end < len(base) and base[end] in _VOWELS:
        end += 1
    nucleus, coda = base[start:end], base[end:]
    if not nucleus or len(nucleus) > 3 or coda not in _CODAS:
        return None
    if len(nucleus) == 1:
        return start
    marked = [i for i, ch in enumerate(nucleus) if ch in _MARKED_VOWELS]
    if marked:
        # "ươ", "uô", "iê", "uyê": the tone sits on the last vowel with a quality mark.
        return start + marked[-1]
    if coda:
        # Closed syllable: the last vowel ("hoàn", "toán", "huỳnh").
        return start + len(nucleus) - 1
    if len(nucleus) == 3:
        # "oai", "oay", "uyu", "oeo": the middle vowel.
        return start + 1
    if nucleus in _SECOND_VOWEL_NUCLEI:
        return start + 1
    # "ai", "ao", "au", "ay", "eo", "ia", "iu", "oi", "ua", "ui": the first vowel.
    return start


@lru_cache(maxsize=65536)
def normalize_tone(word: str) -> str:
    """Return ``word`` with its tone mark on the canonical (new-style) vowel.

    Guarantees: the result is NFC; letters, their case and the word's length are
    unchanged except for where the tone sits; a word that is not a well-formed
    Vietnamese syllable, or carries no tone, is returned (NFC-normalised) unchanged.
    """
    word = unicodedata.normalize("NFC", word)
    if not _WORD_RE.match(word):
        return word
    base, tone = _split_tone(word)
    if tone is None:
        return word
    lower = base.lower()
    if len(lower) != len(base):  # exotic case mappings: leave alone
        return word
    index = _tone_index(lower)
    if index is None:
        return word
    toned = unicodedata.normalize("NFC", base[index] + tone)
    return base[:index] + toned + base[index + 1 :]


def strip_tones(text: str) -> str:
    """Remove tone marks (keep vowel-quality marks): ``"người"`` → ``"ngươi"``."""
    return _split_tone(text)[0]
