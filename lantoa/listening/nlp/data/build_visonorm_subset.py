"""Rebuild ``teencode_visonorm.tsv`` from the dictionary shipped in the ``visonorm`` sdist.

We do not depend on visonorm (it pulls in torch, transformers and openai); its
dictionary is MIT-licensed, so a filtered subset is redistributed here with the
licence text (``LICENSE.visonorm``). Run by hand, never at run time::

    pip download --no-deps visonorm==0.1.4 -d /tmp/visonorm
    tar xzf /tmp/visonorm/visonorm-0.1.4.tar.gz -C /tmp/visonorm
    python -m lantoa.listening.nlp.data.build_visonorm_subset \
        /tmp/visonorm/visonorm-0.1.4/visonorm/dictionary/dictionary.json

Why filter: many entries are ambiguous ("t" → tôi/tao/thằng…, "ca" → công an/cả/cá) or
rewrite real words ("hỏng" → không), which would silently change meaning. We keep only
entries with one normal form, a key of at least three letters that is not itself a
word in underthesea's Viet74K word list (nor one typed without tones or diacritics),
and a value made of letters and spaces.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

from lantoa.listening.nlp.normalize import normalize_token
from lantoa.listening.nlp.tones import normalize_tone, strip_tones

HERE = Path(__file__).resolve().parent
# Keys that survive the automatic filters but are English words or wrong expansions.
_DENY = {
    "cout",
    "mac",
    "ack",
    "mer",
    "cqr",
    "gồu",
    "rược",
    "hòi",
    "nhạ",
    "hưn",
    "bame",
    "tarr",
    "tar",
    "cuut",
    "chiii",
    "chi",
    "nhễ",
    "nhở",
    "cí",
    "thiẹt",
    "mơid",
    "penthouse",
    "thầny",
    "tutu",
    "ace",
    "bad",
    "bay",
    "bee",
    "boy",
    "fan",
    "fun",
    "hot",
    "man",
    "men",
    "son",
    "sun",
    "team",
    "the",
    "too",
    "top",
    "wow",
    "yes",
    "you",
    "god",
    "sao",
}


def _fold(word: str) -> str:
    """ASCII-fold a Vietnamese word: "người" → "nguoi"."""
    nfd = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in nfd if not unicodedata.combining(ch))


def _viet74k() -> set[str]:
    import underthesea  # only needed when rebuilding

    path = Path(underthesea.__file__).parent / "corpus" / "data" / "Viet74K.txt"
    return {
        unicodedata.normalize("NFC", line.strip().lower())
        for line in path.read_text(encoding="utf-8").splitlines()
    }


def build(source: Path, target: Path) -> int:
    """Write the filtered TSV; return the number of entries kept."""
    words = {normalize_tone(w) for w in _viet74k()} | _viet74k()
    # A key that is a real word typed without tones (or without any diacritics) is
    # ambiguous ("hon": hơn/hôn/hòn), so it must not be rewritten either.
    words |= {strip_tones(w) for w in words} | {_fold(w) for w in words}
    data = json.loads(source.read_text(encoding="utf-8"))
    kept: dict[str, str] = {}
    for raw_key, entry in data.items():
        forms = entry.get("normalized") or []
        if len(forms) != 1 or not isinstance(forms[0], str):
            continue
        # Keys are compared in the form the pipeline looks them up in: de-elongated
        # ("ýyyy" → "ý", a real word) and with canonical tones.
        key = normalize_token(unicodedata.normalize("NFC", raw_key.strip().lower()))
        value = normalize_tone(unicodedata.normalize("NFC", forms[0].strip().lower()))
        value = " ".join(normalize_tone(v) for v in value.split())
        if (
            len(key) < 3
            or not key.isalpha()
            or key in words
            or key in _DENY
            or key == value
            or not value.replace(" ", "").isalpha()
            or len(value.split()) > 3
        ):
            continue
        kept.setdefault(key, value)
    lines = [
        "# Derived from the visonorm 0.1.4 lexical-normalisation dictionary",
        "# (https://github.com/AnhHoang0529/visonorm), MIT License,",
        "# Copyright (c) 2024 HaDung2002 — see LICENSE.visonorm in this folder.",
        "# Filtered by build_visonorm_subset.py: unambiguous entries only.",
    ]
    lines += [f"{k}\t{v}" for k, v in sorted(kept.items())]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(kept)


if __name__ == "__main__":
    count = build(Path(sys.argv[1]), HERE / "teencode_visonorm.tsv")
