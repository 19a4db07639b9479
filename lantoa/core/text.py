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


def normalize_newlines(text: str) -> str:
    """Line breaks as "\n" only: a browser's text box sends "\r\n", which
    platforms would show (or count) as two characters per line."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


# Vietnamese alphabetical order: ă and â after a, đ after d, ê after e, ô and ơ
# after o, ư after u; f, j, w, z (foreign names) where English puts them.
_VI_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_VI_LETTER_MARKS = frozenset({"\u0306", "\u0302", "\u031b"})  # breve, circumflex, horn
# The tones, in dictionary order: ngang (none), huyền, hỏi, ngã, sắc, nặng.
_VI_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def vietnamese_sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """A key that sorts names as a Vietnamese dictionary does: by letters
    ("Dương" < "Đặng": đ is a letter after d), then by tones; a space sorts
    first, so "An" < "Anh"."""
    letters: list[int] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFC", text).casefold():
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        letter = unicodedata.normalize(
            "NFC", base + "".join(m for m in marks if m in _VI_LETTER_MARKS)
        )
        position = _VI_ALPHABET.find(letter) if len(letter) == 1 else -1
        if char.isspace():
            letters.append(0)
        elif position >= 0:
            letters.append(1 + position)
        else:
            letters.append(100 + ord(letter[0]))
        tones.append(max((_VI_TONES.get(m, 0) for m in marks), default=0))
    return tuple(letters), tuple(tones)


def unique_slug(model: type, title: str, *, fallback: str) -> str:
    """A `slug` for a new row of `model` from its title, with diacritics folded
    and "-2", "-3"… added until no row holds it; `fallback` for a title with no letters."""
    from django.utils.text import slugify

    base = slugify(fold_diacritics(title))[:70] or fallback
    slug, n = base, 1
    while model._default_manager.filter(slug=slug).exists():  # type: ignore[attr-defined]
        n += 1
        slug = f"{base}-{n}"
    return slug
