"""The offline Vietnamese text pipeline used by every listening model.

``normalize(text)`` cleans a raw comment; ``preprocess(text)`` also segments it into
words. Both are pure functions of their input, never raise on any ``str`` (a
hypothesis test checks it) and never touch the network.

Steps, in order (each explains *why* where it is implemented):

1. Unicode NFC; control, format and zero-width characters removed.
2. Masking of e-mails (``xxemail``), URLs (``xxurl``), phone numbers (``xxphone``) and
   @mentions (``xxuser``) - both for privacy and because their exact value is noise.
3. Emoticons and emoji → ``emo*`` tokens (see :mod:`lantoa.listening.nlp.emoji`).
4. Tokenisation into words and punctuation; per word: de-elongation ("quáaaaa" → "quá"),
   tone-mark placement ("hòa" → "hoà", see :mod:`lantoa.listening.nlp.tones`),
   lower case, laughter ("kkkk", "hahaha" → "haha").
5. Teencode and abbreviations ("ko" → "không", "dc" → "được").
6. Shouting: a comment mostly in capitals gets a trailing ``xxcaps`` token, because
   lower-casing would otherwise erase that signal.
7. (``preprocess`` only) word segmentation with underthesea's bundled CRF model; the
   syllables of a word are joined by ``_`` ("giảng_viên").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Protocol

from lantoa.listening.nlp.emoji import UIT_EMOTICON_WORDS, replace_emoji, replace_emoticons
from lantoa.listening.nlp.teencode import load_teencode
from lantoa.listening.nlp.tones import normalize_tone

MASK_URL = "xxurl"
MASK_EMAIL = "xxemail"
MASK_PHONE = "xxphone"
MASK_USER = "xxuser"
CAPS_TOKEN = "xxcaps"  # noqa: S105 - a marker token, not a secret
LAUGH_TOKEN = "haha"  # noqa: S105

_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL_RE = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|vn|net|org|gov|edu|info|io|ly|me|co|tv)\b(?:/\S*)?",
    re.IGNORECASE,
)
# Vietnamese numbers: 0 or +84/84, then 9-10 more digits, optionally grouped by spaces,
# dots or dashes ("0912 345 678", "+84 912.345.678", "024 3826 1234"). Money amounts
# such as "10.000.000" do not start with 0/84 and are left alone.
_PHONE_RE = re.compile(r"(?<![\w.,])(?:\+84|84|0)[\s.-]?[1-9](?:[\s.-]?\d){7,9}(?![\w])")
_MENTION_RE = re.compile(r"(?<![\w@])@\w+")
_INVISIBLE_RE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad]")
# Numbers keep their separators and unit suffix as one token ("10.000.000", "50k").
_TOKEN_RE = re.compile(r"\d+(?:[.,:/]\d+)*[^\W\d_]*|\w+|[^\w\s]")
_PUNCT_RUN_RE = re.compile(r"([^\w\s])\1+")
_LAUGH_RE = re.compile(r"^(?:k{2,}|(?:h[aeiu]|hj|kh|k[ae]){2,}h?|(?:ha|he|hi)(?:ha|he|hi)+)$")
_CRY_RE = re.compile(r"^(?:hu){2,}h?$")
# Letters that are a vowel plus a quality mark compare equal to their bare vowel when
# de-elongating ("ghêeee" → "ghê"); "ư" does not, because "ưu" is a real rhyme.
_ELONGATION_BASE = str.maketrans("ăâêôơ", "aaeoo")


def _tone_base(ch: str) -> str:
    """Lower-case letter without its tone mark, with ă/â/ê/ô/ơ folded to a/e/o."""
    decomposed = unicodedata.normalize("NFD", ch.lower())
    kept = "".join(c for c in decomposed if c not in "\u0300\u0301\u0309\u0303\u0323")
    return unicodedata.normalize("NFC", kept).translate(_ELONGATION_BASE)


def deelongate(word: str) -> str:
    """Collapse letters repeated for emphasis: "quáaaaa" → "quá", "đẹppp" → "đẹp".

    Vietnamese spelling never doubles a letter, but English loans do ("good", "xoong"),
    so pure-ASCII words only lose runs of three or more; words with Vietnamese letters
    lose every repeat, keeping the toned copy ("khoẻeee" → "khoẻ").
    """
    if len(word) < 2:
        return word
    if word.isascii():
        return re.sub(r"([a-zA-Z])\1{2,}", r"\1", word)
    out: list[str] = []
    prev_base = ""
    for ch in word:
        base = _tone_base(ch) if ch.isalpha() else ""
        if base and base == prev_base:
            # Keep whichever copy carries a tone/quality mark ("á" over "a").
            if len(unicodedata.normalize("NFD", ch)) > len(unicodedata.normalize("NFD", out[-1])):
                out[-1] = ch
            continue
        out.append(ch)
        prev_base = base
    return "".join(out)


@lru_cache(maxsize=131072)
def normalize_cased_token(token: str) -> str:
    """Normalise one word token but keep its case: de-elongate, canonical tones.

    Laughter ("kkk", "hahaha", "hihi") becomes ``haha`` and crying ("huhuhu") ``huhu``,
    before de-elongation would turn "kkk" into "k" (which is teencode for "không").
    """
    lower = token.lower()
    if _LAUGH_RE.match(lower):
        return LAUGH_TOKEN
    if _CRY_RE.match(lower):
        return "huhu"
    if lower in UIT_EMOTICON_WORDS:
        return UIT_EMOTICON_WORDS[lower]
    return normalize_tone(deelongate(token))


@lru_cache(maxsize=131072)
def normalize_token(token: str) -> str:
    """``normalize_cased_token`` followed by lower case: the form teencode keys use."""
    return normalize_cased_token(token).lower()


def _clean_characters(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE_RE.sub("", text)
    # Control characters (category C*) other than whitespace become spaces.
    return (
        "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in text)
        if not text.isprintable()
        else text
    )


def _mask(text: str) -> str:
    text = _EMAIL_RE.sub(f" {MASK_EMAIL} ", text)
    text = _URL_RE.sub(f" {MASK_URL} ", text)
    text = _PHONE_RE.sub(f" {MASK_PHONE} ", text)
    return _MENTION_RE.sub(f" {MASK_USER} ", text)


def _is_shouting(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 8:
        return False
    upper = sum(1 for ch in letters if ch.isupper())
    return upper / len(letters) >= 0.7


def normalize(text: str, lowercase: bool = True) -> str:
    """Normalise a raw comment (steps 1-6 of the module docstring).

    Guarantees: returns a ``str`` of space-separated tokens (words and single
    punctuation marks), NFC-normalised, without URLs, e-mail addresses, phone
    numbers or emoji; lower-case unless ``lowercase`` is False, in which case
    words keep the case they were typed in (useful for the segmenter). Never raises
    for a ``str`` input; ``None`` gives ``""``.
    """
    if text is None:
        return ""
    if not isinstance(text, str):
        text = str(text)
    text = _clean_characters(text)
    text = _mask(text)
    shouting = _is_shouting(text)
    text = replace_emoticons(text)
    text = replace_emoji(text)
    text = _PUNCT_RUN_RE.sub(r"\1", text)
    raw = _TOKEN_RE.findall(text)
    tokens = [normalize_token(t) for t in raw]
    # Where teencode does not rewrite a token, the cased form is kept if asked for.
    keep = tokens if lowercase else [normalize_cased_token(t) for t in raw]
    for i, reading in disambiguate(tokens).items():
        tokens[i] = keep[i] = reading
    expanded = load_teencode(normalize_token).expand(tokens, keep)
    if shouting:
        expanded.append(CAPS_TOKEN)
    return " ".join(expanded)


# Teencode with two readings: "lol" is the English laugh in "haha lol vui quá" and the
# vulgar "lồn" in "xạo lol", "cái lol gì". As a vulgar word it follows the word it
# insults or intensifies; as a laugh it opens the text or follows a laugh, an emoji or
# punctuation. So it is read as laughter only there, and never before "gì", "mày"...
AMBIGUOUS_VULGAR: dict[str, str] = {"lol": LAUGH_TOKEN}
_VULGAR_AFTER = frozenset(["má", "mẹ", "mày", "gì", "bà", "cha"])


def disambiguate(tokens: list[str]) -> dict[int, str]:
    """Positions of ambiguous teencode to read as benign (see above)."""
    out: dict[int, str] = {}
    for i, token in enumerate(tokens):
        benign = AMBIGUOUS_VULGAR.get(token)
        if benign is None:
            continue
        before = tokens[i - 1] if i > 0 else ""
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        opens = not before or before == LAUGH_TOKEN or before.startswith("emo")
        opens = opens or not any(ch.isalnum() for ch in before)
        if opens and after not in _VULGAR_AFTER:
            out[i] = benign
    return out


# Degree words that the CRF segmenter glues to the word before a negation's end
# ("không tệ chút nào" → "tệ_chút"), which hides the negated word from the models.
_DEGREE_SUFFIXES = frozenset({"chút", "lắm", "quá"})
_DEGREE_WORDS = frozenset({"một_chút", "đôi_chút", "chút_xíu", "chút_ít", "chút_đỉnh"})


def split_degree_words(words: list[str]) -> list[str]:
    """``["tệ_chút"]`` → ``["tệ", "chút"]``; real words ("một_chút") are kept."""
    out: list[str] = []
    for word in words:
        head, _, last = word.rpartition("_")
        if head and last.lower() in _DEGREE_SUFFIXES and word.lower() not in _DEGREE_WORDS:
            out.extend([head, last])
        else:
            out.append(word)
    return out


_NEGATORS = frozenset({"không", "chẳng", "chả", "chưa", "đâu_có", "không_hề", "chẳng_hề"})
_NEGATION_FILLERS = frozenset({"hề", "hẳn", "quá", "có", "bị"})


def join_negated_complaints(words: list[str]) -> list[str]:
    """A negated word of complaint becomes one token: ["không", "tệ"] → ["không_tệ"].

    "không tệ chút nào" means good, but the models key on "tệ" and answered negative
    at 0.9. Joining the negation with the word it negates (over "hề", "hẳn": "không hề
    tệ") hides the misleading word and gives the double negative a feature of its own.
    Negated praise ("không hài_lòng") is left alone: the models already read it right.
    """
    from lantoa.listening.nlp.speech_acts import is_complaint_word

    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word.lower() in _NEGATORS:
            j = i + 1
            while j < len(words) and words[j].lower() in _NEGATION_FILLERS:
                j += 1
            if j < len(words) and is_complaint_word(words[j].lower()):
                out.append("_".join(words[i : j + 1]))
                i = j + 1
                continue
        out.append(word)
        i += 1
    return out


def _segmenter():  # type: ignore[no-untyped-def]
    # Imported lazily: underthesea is slow to import and not needed by ``normalize``.
    from underthesea import word_tokenize

    return word_tokenize


class Segmenter(Protocol):
    def segment(self, text: str) -> list[str]: ...


def crf_words(text: str) -> list[str]:
    """underthesea's own ``word_tokenize`` (the reference the cached decoder matches)."""
    return [w.replace(" ", "_") for w in _segmenter()(text, use_token_normalize=False)]


def segment(text: str, fast: Segmenter | None = None) -> list[str]:
    """Split normalised text into words with underthesea's bundled CRF segmenter
    (or ``fast``, a :class:`~lantoa.listening.nlp.lexicon_segment.LexiconSegmenter`).

    Works offline: the model (``ws_crf_vlsp2013_20230727``) ships inside the
    underthesea wheel. underthesea's own token normaliser is switched off because it
    rewrites tones to the old style ("hoà" → "hòa"), which the segmenter's dictionary
    does not contain ("hoà bình" is one word, "hòa bình" is two). The CRF is decoded
    by :mod:`lantoa.listening.nlp.crf_segment` (same model, same words as
    :func:`crf_words`, with feature scores cached per n-gram).
    """
    if not text.strip():
        return []
    if fast is not None:
        words = fast.segment(text)
    else:
        from lantoa.listening.nlp.crf_segment import crf_segmenter

        words = [w.replace(" ", "_") for w in crf_segmenter().words(text)]
    return join_negated_complaints(split_degree_words(words))


def preprocess(text: str) -> str:
    """Normalise and segment: the exact input every listening model is trained on.

    Guarantees: lower-case words separated by single spaces, syllables of a word
    joined by ``_``; ``""`` for empty input; never raises for a ``str``.
    """
    return prepare(normalize(text, lowercase=False))


def prepare(cased: str, fast: Segmenter | None = None) -> str:
    """Segment text already normalised with ``lowercase=False``, then lower-case it."""
    return " ".join(segment(cased, fast)).lower()


def preprocess_many(texts: Iterable[str]) -> list[str]:
    """``preprocess`` over many texts, in order."""
    return [preprocess(t) for t in texts]
