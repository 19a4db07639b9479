"""Vietnamese text helpers: diacritic folding, slugs and matching.

Vietnamese letters carry up to two marks (a vowel mark and a tone), and "đ" is
a letter of its own that Unicode does not decompose, so a plain NFKD strip is
not enough.
"""

import re
import unicodedata

_D_LETTERS = str.maketrans({"đ": "d", "Đ": "D"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")


def fold_diacritics(text: str) -> str:
    """Return `text` without Vietnamese marks, keeping case: "Đại hội" → "Dai hoi"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_LETTERS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def search_key(text: str) -> str:
    """The form used to compare names: folded, lower-case, single-spaced."""
    return _SPACES.sub(" ", fold_diacritics(text).casefold()).strip()


def matches(query: str, text: str) -> bool:
    """True when every word of `query` occurs in `text`, ignoring marks and case."""
    haystack = search_key(text)
    return all(word in haystack for word in search_key(query).split())


def vietnamese_slugify(text: str, max_length: int = 80) -> str:
    """ "Công đoàn Dầu khí" → "cong-doan-dau-khi"; never longer than `max_length`."""
    slug = _NON_SLUG.sub("-", search_key(text)).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug


def normalize_nfc(text: str) -> str:
    """Unicode NFC, the form in which Vietnamese text is stored."""
    return unicodedata.normalize("NFC", text)
