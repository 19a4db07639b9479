"""The public sets of every domain, mapped onto Lantoa's labels.

Each reader returns one :class:`~lantoa.listening.ml.datasets.Split` per split name
(``train``, ``dev``, ``test``). Where a set ships without a dev or test split, one is
made from its train part by a hash of the text (stable across runs and machines, and
the same text always lands in the same split). Mappings (see ``../shared/data``'s
README for each set's own scheme):

* AIVIVN 2019 product reviews: 0 → positive, 1 → negative (no neutral).
* ViSpamReviews e-commerce reviews: genuine reviews by stars (1-2 negative, 3
  neutral, 4-5 positive); spam type 3 (ads, irrelevant text) → neutral: realistic
  non-opinion text; fake and brand-only reviews are dropped.
* UIT-VSMEC Facebook emotions: Enjoyment → positive; Sadness, Anger, Fear, Disgust →
  negative; Other → neutral; Surprise dropped (either polarity).
* UTS2017_Bank bank comments: the document polarity of its aspect labels.
* ViTHSD targeted hate: the worst label over its targets (3 hate, 2 offensive, else clean).

Texts that occur in any test split of any set are dropped from every train and dev
split (:func:`banned_test_keys`), so no test text is ever trained on, whichever set
it came from.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lantoa.listening.ml.datasets import (
    Split,
    datasets_dir,
    dedup_key,
    load_uit_vsfc,
    load_vihsd,
)

SPLITS = ("train", "dev", "test")


@dataclass(frozen=True)
class Domain:
    """One public set for one task: its name, what it is, and how to read a split."""

    name: str
    task: str  # "sentiment" or "toxicity"
    description: str
    read: Callable[[str, Path | None], Split]


def _hash_split(text: str, dev: int = 10, test: int = 10) -> str:
    """``train``/``dev``/``test`` from a hash of the text (percentages dev, test)."""
    bucket = int(hashlib.sha1(dedup_key(text).encode("utf-8")).hexdigest()[:8], 16) % 100  # noqa: S324 - a bucket, not security
    if bucket < test:
        return "test"
    if bucket < test + dev:
        return "dev"
    return "train"


def _root(root: Path | None) -> Path:
    return root or datasets_dir()


_AIVIVN_ID = re.compile(r"^train_\d+$")


@lru_cache(maxsize=2)
def _aivivn_rows(root: Path) -> tuple[tuple[str, str], ...]:
    lines = (root / "aivivn2019" / "raw" / "train.crash").read_text(encoding="utf-8").splitlines()
    rows: list[tuple[str, str]] = []
    block: list[str] = []
    for line in [*lines, "train_999999999"]:
        if _AIVIVN_ID.match(line.strip()):
            body = [b for b in block if b.strip()]
            if len(body) >= 2 and body[-1].strip() in ("0", "1"):
                text = "\n".join(body[:-1]).strip().strip('"').strip()
                if text:
                    rows.append((text, "positive" if body[-1].strip() == "0" else "negative"))
            block = []
        else:
            block.append(line)
    return tuple(rows)


def read_aivivn(split: str, root: Path | None = None) -> Split:
    rows = [r for r in _aivivn_rows(_root(root)) if _hash_split(r[0]) == split]
    return Split([t for t, _ in rows], [lab for _, lab in rows])


def read_vispam(split: str, root: Path | None = None) -> Split:
    path = _root(root) / "vispamreviews" / "raw" / "dataset" / f"{split}.csv"
    texts: list[str] = []
    labels: list[str] = []
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            text = (row.get("Comment") or "").strip()
            spam_type = (row.get("SpamLabel") or "0").strip()
            if not text:
                continue
            if spam_type == "3":
                label = "neutral"
            elif spam_type == "0":
                stars = int(float(row.get("Rating") or 0))
                label = "negative" if stars <= 2 else "neutral" if stars == 3 else "positive"
            else:
                continue
            texts.append(text)
            labels.append(label)
    return Split(texts, labels)


_VSMEC_FILES = {"train": "train_nor_811", "dev": "valid_nor_811", "test": "test_nor_811"}
_VSMEC_MAP = {
    "enjoyment": "positive",
    "sadness": "negative",
    "anger": "negative",
    "fear": "negative",
    "disgust": "negative",
    "other": "neutral",
}


def read_vsmec(split: str, root: Path | None = None) -> Split:
    import openpyxl

    path = _root(root) / "uit-vsmec" / "raw" / f"{_VSMEC_FILES[split]}.xlsx"
    workbook = openpyxl.load_workbook(path, read_only=True)
    texts: list[str] = []
    labels: list[str] = []
    for row in list(workbook.active.iter_rows(values_only=True))[1:]:
        emotion, sentence = str(row[1] or "").strip().lower(), str(row[2] or "").strip()
        if sentence and emotion in _VSMEC_MAP:
            texts.append(sentence)
            labels.append(_VSMEC_MAP[emotion])
    workbook.close()
    return Split(texts, labels)


_UTS_LABEL = re.compile(r"__label__\S+#(positive|negative|neutral)")


def read_uts_bank(split: str, root: Path | None = None) -> Split:
    """UTS2017_Bank; its train part is cut into train and dev (10 %) by hash."""
    source = "test" if split == "test" else "train"
    path = _root(root) / "uts2017-bank" / "raw" / "corpus" / f"{source}.txt"
    texts: list[str] = []
    labels: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        polarities = _UTS_LABEL.findall(line)
        text = re.sub(r"__label__\S+", "", line).strip()
        if not text or not polarities:
            continue
        if source == "train" and _hash_split(text, dev=10, test=0) != split:
            continue
        texts.append(text)
        labels.append(max(set(polarities), key=polarities.count))
    return Split(texts, labels)


def read_vithsd(split: str, root: Path | None = None) -> Split:
    path = _root(root) / "vithsd" / "raw" / f"{split}.csv"
    texts: list[str] = []
    labels: list[str] = []
    targets = ("individual", "groups", "religion/creed", "race/ethnicity", "politics")
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            text = (row.get("content") or "").strip()
            if not text:
                continue
            worst = max(int(float(row.get(t) or 0)) for t in targets)
            texts.append(text)
            labels.append("hate" if worst == 3 else "offensive" if worst == 2 else "clean")
    return Split(texts, labels)


def _read_uit_vsfc(split: str, root: Path | None = None) -> Split:
    return load_uit_vsfc(split, root)


def _read_vihsd(split: str, root: Path | None = None) -> Split:
    return load_vihsd(split, root)


SENTIMENT_DOMAINS: tuple[Domain, ...] = (
    Domain("UIT-VSFC", "sentiment", "students' course feedback", _read_uit_vsfc),
    Domain("AIVIVN-2019", "sentiment", "product reviews (Tiki/Shopee)", read_aivivn),
    Domain(
        "ViSpamReviews", "sentiment", "e-commerce reviews by stars, ads as neutral", read_vispam
    ),
    Domain("UIT-VSMEC", "sentiment", "Facebook comments (emotions)", read_vsmec),
    Domain("UTS2017-Bank", "sentiment", "complaints and praise on banks' pages", read_uts_bank),
)
TOXICITY_DOMAINS: tuple[Domain, ...] = (
    Domain("ViHSD", "toxicity", "social-media comments", _read_vihsd),
    Domain("ViTHSD", "toxicity", "targeted hate speech comments", read_vithsd),
)


def domains_for(task: str) -> tuple[Domain, ...]:
    return SENTIMENT_DOMAINS if task == "sentiment" else TOXICITY_DOMAINS


def banned_test_keys(root: Path | None = None) -> frozenset[str]:
    """The dedup keys of every test text of every set, both tasks."""
    return frozenset(
        dedup_key(t)
        for d in (*SENTIMENT_DOMAINS, *TOXICITY_DOMAINS)
        for t in d.read("test", root).texts
    )


def read_domain(
    domain: Domain, split: str, root: Path | None = None, banned: frozenset[str] = frozenset()
) -> Split:
    """One split of one domain; train and dev drop ``banned`` texts and duplicates."""
    data = domain.read(split, root)
    if split == "test":
        return data
    seen: set[str] = set()
    texts: list[str] = []
    labels: list[str] = []
    for text, label in zip(data.texts, data.labels, strict=True):
        key = dedup_key(text)
        if key in banned or key in seen:
            continue
        seen.add(key)
        texts.append(text)
        labels.append(label)
    return Split(texts, labels)
