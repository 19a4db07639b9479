"""A small convolutional text classifier (TextCNN) whose inference is numpy only.

Why a neural model beside the TF-IDF linear ensemble: it sees word *embeddings*, so
words that share contexts ("dạy_hay", "dạy_dễ_hiểu") share evidence, and its
convolution windows weigh phrases differently from n-gram counts. The two models make
different mistakes; averaging their log-probabilities helped macro-F1 on both dev
splits (see the model card).

Why numpy at inference: the shipped platform must not depend on PyTorch (gigabytes,
and a serialisation format that executes code). Training uses PyTorch when the
optional ``train`` extra is installed (:mod:`lantoa.listening.ml.neural_train`); the
weights are exported to an ``.npz`` read with ``allow_pickle=False`` - plain arrays,
no code - and the forward pass below reproduces PyTorch's to float32 precision
(a test checks it).

Architecture (Kim 2014, reduced): words (space-separated output of
:func:`~lantoa.listening.nlp.normalize.preprocess`, at most :data:`MAX_TOKENS`) →
embedding → for each width k, a convolution whose window *ends* at every word (k-1
zero vectors before the first word) → ReLU → max over words → concatenation →
linear → log-softmax.

Speed: a convolution over embeddings is linear in each window position, so
``embedding @ W_j`` is precomputed per vocabulary word at load time
(:meth:`TextCNN.tables`); a comment then costs one table lookup and add per word,
width and offset, instead of a matrix product.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

MAX_TOKENS = 80
PAD, UNK = 0, 1  # vocabulary ids 0 and 1; real words start at 2
_BATCH = 256


def tokens(text: str, syllables: bool = False) -> list[str]:
    """The tokens a TextCNN reads from a preprocessed text: its words, or their syllables.

    The segmenter joins the syllables of a word with "_" ("giảng_viên"); a syllable
    network reads "giảng viên". Why both: on ViHSD, whose comments are teencode-heavy
    and often mis-segmented, a syllable network scored higher out of fold than a word
    network, and the two together higher still (see the model card).
    """
    return (text.replace("_", " ") if syllables else text).split()


@dataclass
class TextCNN:
    """Weights of a trained TextCNN and its vocabulary.

    ``embedding``: (V, d), row 0 is the zero padding vector; ``convs``: one
    ``(weight (f, d, k), bias (f,))`` per width k, PyTorch's Conv1d layout;
    ``out_weight`` (C, f * len(convs)), ``out_bias`` (C,).
    """

    labels: tuple[str, ...]
    vocab: tuple[str, ...]  # vocab[i] is the word of id i + 2
    embedding: np.ndarray
    convs: list[tuple[np.ndarray, np.ndarray]]
    out_weight: np.ndarray
    out_bias: np.ndarray
    syllables: bool = False  # reads syllables, not words (see :func:`tokens`)
    _index: dict[str, int] = field(default_factory=dict, repr=False)
    _stacked: tuple[list[tuple[int, np.ndarray]], list[int], np.ndarray] | None = field(
        default=None, repr=False
    )

    def __post_init__(self) -> None:
        self._index = {w: i + 2 for i, w in enumerate(self.vocab)}

    # -- encoding -----------------------------------------------------------------------

    def encode(self, text: str) -> list[int]:
        """Word ids of a preprocessed text (unknown words → UNK); never empty."""
        ids = [self._index.get(w, UNK) for w in tokens(text, self.syllables)[:MAX_TOKENS]]
        return ids or [UNK]

    # -- forward ------------------------------------------------------------------------

    def tables(self) -> list[list[np.ndarray]]:
        """Per width, per window offset j: ``embedding @ weight[:, :, j].T`` (V, f).

        Views into :meth:`stacked` (the tables are held once)."""
        stacked, columns, _ = self.stacked()
        widest = len(stacked)
        out = []
        for c, (weight, bias) in enumerate(self.convs):
            k = weight.shape[2]
            per_offset = []
            for j in range(k):
                first, table = stacked[widest - k + j]
                start = columns[c] - first
                per_offset.append(table[:, start : start + bias.shape[0]])
            out.append(per_offset)
        return out

    def stacked(self) -> tuple[list[tuple[int, np.ndarray]], list[int], np.ndarray]:
        """The tables of every width side by side, per step of the window.

        Widths are laid out narrowest first (``columns[c]``: where conv c's filters
        start). Step s (0 to widest-1) reads the word s places into the widest window;
        the widths that have an offset there are the widest ones, a run of columns to
        the end: step s holds (its first column, the tables of those widths side by
        side). Each width gets its offsets added in its own order (j = 0, 1, ...), so
        the sums are those of one table per width and offset. Also the biases in
        that layout.
        """
        if self._stacked is None:
            emb = self.embedding.astype(np.float32)
            order = sorted(range(len(self.convs)), key=lambda c: self.convs[c][0].shape[2])
            columns = [0] * len(self.convs)
            column = 0
            for c in order:
                columns[c] = column
                column += self.convs[c][1].shape[0]
            widest = max(w.shape[2] for w, _ in self.convs)
            stacked = []
            for step in range(widest):
                blocks = [
                    (columns[c], w[:, :, step - (widest - w.shape[2])])
                    for c in order
                    for w in (self.convs[c][0],)
                    if step >= widest - w.shape[2]
                ]
                table = np.concatenate(
                    [np.ascontiguousarray(emb @ block.T.astype(np.float32)) for _, block in blocks],
                    axis=1,
                )
                stacked.append((blocks[0][0], table))
            bias = np.concatenate([self.convs[c][1].astype(np.float32) for c in order])
            self._stacked = (stacked, columns, bias)
        return self._stacked

    def log_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Log-probabilities, shape (n, classes) in the order of :attr:`labels`."""
        if not texts:
            return np.zeros((0, len(self.labels)))
        return self.log_proba_encoded([self.encode(t) for t in texts])

    def log_proba_encoded(self, encoded: list[list[int]]) -> np.ndarray:
        """:meth:`log_proba` of texts already encoded (:meth:`encode`)."""
        out = np.zeros((len(encoded), len(self.labels)))
        pooled = self._pooled(encoded)
        # The output layer runs over the same batches (texts sorted by length) as
        # always, so that its products are computed alike.
        order = np.argsort([len(e) for e in encoded], kind="stable")
        for start in range(0, len(order), _BATCH):
            rows = order[start : start + _BATCH]
            out[rows] = self._output(pooled[rows])
        return out

    def _pooled(self, encoded: list[list[int]]) -> np.ndarray:
        """Max-pooled ReLU features, shape (n, filters * widths).

        Texts of one length are convolved together, so no window is spent on
        padding (a text's pooled features do not depend on the texts beside it), and
        every width at once (:meth:`stacked`).
        """
        stacked, columns, bias = self.stacked()
        widest = len(stacked)
        pooled = np.empty((len(encoded), bias.shape[0]), dtype=np.float32)
        by_length: dict[int, list[int]] = {}
        for i, e in enumerate(encoded):
            by_length.setdefault(len(e), []).append(i)
        for length, rows in by_length.items():
            # Left padding of widest-1 PAD ids (zero vectors) before the first word.
            ids = np.zeros((len(rows), widest - 1 + length), dtype=np.int64)
            ids[:, widest - 1 :] = [encoded[i] for i in rows]
            acc = np.broadcast_to(bias, (len(rows), length, bias.shape[0])).copy()
            for step, (first, table) in enumerate(stacked):
                acc[:, :, first:] += np.take(table, ids[:, step : step + length], axis=0)
            pooled[rows] = np.maximum(acc, 0.0).max(axis=1)
        # Back to the layout of the convolutions (conv c's filters in turn).
        return pooled[:, self._layout(columns)]

    def _layout(self, columns: list[int]) -> Any:
        sizes = [b.shape[0] for _, b in self.convs]
        if columns == list(itertools.accumulate([0, *sizes[:-1]])):
            return slice(None)
        return np.concatenate([np.arange(c, c + n) for c, n in zip(columns, sizes, strict=True)])

    def _output(self, pooled: np.ndarray) -> np.ndarray:
        logits = pooled @ self.out_weight.T + self.out_bias
        logits = logits - logits.max(axis=1, keepdims=True)
        return logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))

    def _forward(self, encoded: list[list[int]]) -> np.ndarray:
        """Log-probabilities of one batch, padded to its longest text (the reference
        computation :meth:`log_proba` reproduces without the padding)."""
        n, length = len(encoded), max(len(e) for e in encoded)
        tables = self.tables()
        widest = max(w.shape[2] for w, _ in self.convs)
        # Left padding of widest-1 PAD ids (zero vectors), right padding to `length`.
        ids = np.zeros((n, widest - 1 + length), dtype=np.int64)
        for i, e in enumerate(encoded):
            ids[i, widest - 1 : widest - 1 + len(e)] = e
        valid = (np.arange(length)[None, :] < np.array([len(e) for e in encoded])[:, None])[
            :, :, None
        ]
        pooled = []
        for (weight, bias), per_offset in zip(self.convs, tables, strict=True):
            k = weight.shape[2]
            first = widest - k  # the window ending at word t starts k-1 words earlier
            acc = np.broadcast_to(bias.astype(np.float32), (n, length, bias.shape[0])).copy()
            for j, table in enumerate(per_offset):
                acc += table[ids[:, first + j : first + j + length]]
            # ReLU output is >= 0 and every text has a real word, so zeroing the padded
            # positions leaves the max over real words unchanged.
            pooled.append(np.where(valid, np.maximum(acc, 0.0), 0.0).max(axis=1))
        return self._output(np.concatenate(pooled, axis=1))

    # -- storage ------------------------------------------------------------------------

    def arrays(self, prefix: str = "") -> dict[str, np.ndarray]:
        """Plain arrays (weights as float16, see :meth:`TextCNNEnsemble.save`)."""
        arrays: dict[str, np.ndarray] = {
            "labels": np.array(self.labels),
            "vocab": np.array(self.vocab),
            "embedding": self.embedding.astype(np.float16),
            "out_weight": self.out_weight.astype(np.float16),
            "out_bias": self.out_bias.astype(np.float16),
            "syllables": np.array(self.syllables),
        }
        for i, (w, b) in enumerate(self.convs):
            arrays[f"conv{i}_weight"] = w.astype(np.float16)
            arrays[f"conv{i}_bias"] = b.astype(np.float16)
        return {prefix + k: v for k, v in arrays.items()}

    @classmethod
    def from_arrays(cls, data: Any, prefix: str = "") -> TextCNN:
        n_convs = sum(
            1 for k in data.files if re.fullmatch(re.escape(prefix) + r"conv\d+_weight", k)
        )
        return cls(
            labels=tuple(str(x) for x in data[prefix + "labels"]),
            vocab=tuple(str(x) for x in data[prefix + "vocab"]),
            embedding=data[prefix + "embedding"].astype(np.float32),
            convs=[
                (
                    data[f"{prefix}conv{i}_weight"].astype(np.float32),
                    data[f"{prefix}conv{i}_bias"].astype(np.float32),
                )
                for i in range(n_convs)
            ],
            out_weight=data[prefix + "out_weight"].astype(np.float32),
            out_bias=data[prefix + "out_bias"].astype(np.float32),
            # Artefacts written before syllable networks existed have no flag: words.
            syllables=bool(data[prefix + "syllables"])
            if prefix + "syllables" in data.files
            else False,
        )


@dataclass
class TextCNNEnsemble:
    """TextCNNs trained with different seeds; their log-probabilities are averaged.

    Why several: on the dev splits one network's macro-F1 moves by about two points
    from one seed (or epoch) to the next; the mean of a few is steadier and costs
    little at inference (about 0.03 ms per comment and network).
    """

    members: list[TextCNN]
    _readers: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if not self.members:
            raise ValueError("an ensemble needs at least one TextCNN")
        if any(set(m.labels) != set(self.labels) for m in self.members):
            raise ValueError("all TextCNNs of an ensemble must have the same classes")
        # Per member, the first member that encodes texts as it does.
        self._readers = [
            next(
                k
                for k, other in enumerate(self.members)
                if other.syllables == m.syllables and other.vocab == m.vocab
            )
            for m in self.members
        ]

    @property
    def labels(self) -> tuple[str, ...]:
        return self.members[0].labels

    def log_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Mean log-probabilities, columns in the order of :attr:`labels`."""
        total = np.zeros((len(texts), len(self.labels)))
        if not texts:
            return total
        # Members with the same vocabulary read the same ids: encoded once.
        encoded: dict[int, list[list[int]]] = {}
        for m, reader in zip(self.members, self._readers, strict=True):
            if reader not in encoded:
                encoded[reader] = [m.encode(t) for t in texts]
            log_proba = m.log_proba_encoded(encoded[reader])
            total += log_proba[:, [m.labels.index(lab) for lab in self.labels]]
        return total / len(self.members)

    def save(self, path: Path) -> None:
        """One compressed ``.npz`` of plain arrays (member i's keys start ``m<i>_``).

        Weights are stored as float16, which halves the repository size;
        :func:`neural_train.export` rounds the trained weights the same way, so the
        saved model *is* the evaluated one.
        """
        arrays: dict[str, np.ndarray] = {}
        for i, m in enumerate(self.members):
            arrays.update(m.arrays(f"m{i}_"))
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            np.savez_compressed(f, **arrays)  # type: ignore[arg-type]

    @classmethod
    def load(cls, path: Path) -> TextCNNEnsemble:
        """Read a file written by :meth:`save`; pickled objects are refused."""
        with np.load(path, allow_pickle=False) as data:
            prefixes = sorted(
                {k.split("_", 1)[0] + "_" for k in data.files if re.fullmatch(r"m\d+_labels", k)},
                key=lambda p: int(p[1:-1]),
            )
            return cls([TextCNN.from_arrays(data, p) for p in prefixes])
