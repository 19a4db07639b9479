"""Readers for the public labelled sets and for organisation CSVs.

The public sets are never copied into the repository: they are read from
``$LANTOA_DATASETS_DIR`` or, by default, ``../shared/data`` next to the repository
root (see that folder's README for their terms).
"""

from __future__ import annotations

import ast
import csv
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
SENTIMENT_LABELS = ("negative", "neutral", "positive")
TOXICITY_LABELS = ("clean", "offensive", "hate")


@dataclass(frozen=True)
class Split:
    """Texts and string labels of one split, aligned by index."""

    texts: list[str]
    labels: list[str]

    def __len__(self) -> int:
        return len(self.texts)


def datasets_dir() -> Path:
    """Folder holding ``uit-vsfc/``, ``vihsd/`` and ``vihos/``."""
    env = os.environ.get("LANTOA_DATASETS_DIR")
    return Path(env) if env else (REPO_ROOT.parent / "shared" / "data")


def load_uit_vsfc(split: str, root: Path | None = None) -> Split:
    """UIT-VSFC sentiment: ``split`` is ``train``, ``dev`` or ``test``."""
    folder = (root or datasets_dir()) / "uit-vsfc" / split
    sents = (folder / "sents.txt").read_text(encoding="utf-8").splitlines()
    labels = (folder / "sentiments.txt").read_text(encoding="utf-8").splitlines()
    if len(sents) != len(labels):
        raise ValueError(f"UIT-VSFC {split}: {len(sents)} sentences but {len(labels)} labels")
    return Split(sents, [SENTIMENT_LABELS[int(x)] for x in labels])


def dedup_key(text: str) -> str:
    """Case-, space- and Unicode-form-insensitive key for "the same text"."""
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def load_vihsd(split: str, root: Path | None = None, exclude: Split | None = None) -> Split:
    """ViHSD toxicity; rows whose text also occurs in ``exclude`` are dropped.

    About 12% of the test texts also occur in train: pass the test split as
    ``exclude`` when loading train/dev so that test scores are not inflated. Rows with
    an empty text are dropped as well.
    """
    path = (root or datasets_dir()) / "vihsd" / f"{split}.csv"
    banned = {dedup_key(t) for t in exclude.texts} if exclude else set()
    texts: list[str] = []
    labels: list[str] = []
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            text = row.get("free_text") or ""
            if not text.strip() or dedup_key(text) in banned:
                continue
            texts.append(text)
            labels.append(TOXICITY_LABELS[int(row["label_id"])])
    return Split(texts, labels)


@dataclass(frozen=True)
class SpanSplit:
    """Comments with the character offsets of their offending spans."""

    texts: list[str]
    spans: list[set[int]]


def load_vihos(split: str, root: Path | None = None) -> SpanSplit:
    """ViHOS offending spans (``index_spans`` are lists of character offsets)."""
    path = (root or datasets_dir()) / "vihos" / f"{split}.csv"
    texts: list[str] = []
    spans: list[set[int]] = []
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            text = row.get("content") or ""
            offsets = ast.literal_eval(row.get("index_spans") or "[]")
            texts.append(text)
            spans.append({int(i) for i in offsets if 0 <= int(i) < len(text)})
    return SpanSplit(texts, spans)


def load_labelled_csv(path: Path, allowed: tuple[str, ...] | None = None) -> Split:
    """An organisation's own labels: a CSV with columns ``text,label``.

    Labels are stripped and lower-cased; rows with an empty text, or (when
    ``allowed`` is given) an unknown label, are skipped rather than failing the
    whole training run.
    """
    texts: list[str] = []
    labels: list[str] = []
    with Path(path).open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            text = (row.get("text") or "").strip()
            label = (row.get("label") or "").strip().lower()
            if not text or (allowed is not None and label not in allowed):
                continue
            texts.append(text)
            labels.append(label)
    return Split(texts, labels)
