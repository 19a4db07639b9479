"""Training of :class:`~lantoa.listening.ml.neural.TextCNN` with PyTorch (optional).

PyTorch is a *training-only* dependency (``pip install -e .[train]``, CPU wheel
``torch==2.13.0``): nothing at inference imports this module. Why PyTorch rather than
hand-written numpy back-propagation: autograd and Adam are well tested, training on
two CPU cores takes minutes, and the exported weights are checked against the numpy
forward pass, so the shipped model does not depend on it.

Epochs are chosen on the dev split (early stopping on macro-F1 after the same
log-prior offset tuning the linear models get); the network is *not* refitted on
train + dev, because its dev score is what selects its epoch and its ensemble weight.
"""

from __future__ import annotations

import collections
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from lantoa.listening.ml.neural import MAX_TOKENS, PAD, UNK, TextCNN


def torch_available() -> bool:
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass(frozen=True)
class CnnSpec:
    """Hyper-parameters (chosen on the dev splits of UIT-VSFC and ViHSD)."""

    dim: int = 128
    filters: int = 128
    widths: tuple[int, ...] = (1, 2, 3, 4)
    dropout: float = 0.5
    epochs: int = 8
    batch_size: int = 64
    lr: float = 2e-3
    min_count: int = 2
    seed: int = 0
    members: int = 3  # networks with seeds seed, seed + 1, ...; their outputs are averaged
    # Class weights (inverse frequency) ** power: 0.5 lifts rare classes without
    # letting them dominate; the offsets tuned on dev do the rest.
    class_weight_power: float = 0.5


def build_vocab(texts: Sequence[str], min_count: int) -> tuple[str, ...]:
    """Words seen at least ``min_count`` times, most frequent first (ties: first seen)."""
    counts = collections.Counter(w for t in texts for w in t.split()[:MAX_TOKENS])
    return tuple(w for w, n in counts.most_common() if n >= min_count)


def _module(spec: CnnSpec, vocab_size: int, n_classes: int) -> Any:
    import torch
    from torch import nn

    class Net(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.emb = nn.Embedding(vocab_size, spec.dim, padding_idx=PAD)
            self.convs = nn.ModuleList(
                [nn.Conv1d(spec.dim, spec.filters, k, padding=k - 1) for k in spec.widths]
            )
            self.drop = nn.Dropout(spec.dropout)
            self.out = nn.Linear(spec.filters * len(spec.widths), n_classes)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            mask = (x != PAD).unsqueeze(1)
            e = self.emb(x).transpose(1, 2)
            pooled = []
            for conv in self.convs:
                # With padding k-1 on both sides, output t is the window ending at word t.
                h = torch.relu(conv(e))[:, :, : x.shape[1]]
                pooled.append(h.masked_fill(~mask, -1e4).max(dim=2).values)
            return self.out(self.drop(torch.cat(pooled, dim=1)))

    return Net()


def _batch(model: TextCNN, texts: Sequence[str]) -> Any:
    import torch

    encoded = [model.encode(t) for t in texts]
    ids = np.full((len(encoded), max(len(e) for e in encoded)), PAD, dtype=np.int64)
    for i, e in enumerate(encoded):
        ids[i, : len(e)] = e
    return torch.from_numpy(ids)


def export(net: Any, labels: Sequence[str], vocab: Sequence[str]) -> TextCNN:
    """The numpy model of ``net``; weights rounded to float16 *in net too*, so both agree."""
    import torch

    with torch.no_grad():
        for p in net.parameters():
            p.copy_(p.half().float())

    def arr(t: Any) -> np.ndarray:
        return np.asarray(t.detach().cpu().numpy(), dtype=np.float32)

    return TextCNN(
        labels=tuple(labels),
        vocab=tuple(vocab),
        embedding=arr(net.emb.weight),
        convs=[(arr(c.weight), arr(c.bias)) for c in net.convs],
        out_weight=arr(net.out.weight),
        out_bias=arr(net.out.bias),
    )


def torch_log_proba(net: Any, model: TextCNN, texts: Sequence[str]) -> np.ndarray:
    """Log-probabilities of the PyTorch network (eval mode); for checks and dev scoring."""
    import torch

    net.eval()
    with torch.no_grad():
        return np.asarray(torch.log_softmax(net(_batch(model, texts)), dim=1).numpy(), float)


@dataclass
class CnnResult:
    model: TextCNN
    net: Any
    best_epoch: int
    dev_curve: list[float]
    seconds: float


def train_text_cnn(
    train_texts: Sequence[str],
    train_labels: Sequence[str],
    labels: Sequence[str],
    dev_texts: Sequence[str],
    dev_labels: Sequence[str],
    spec: CnnSpec | None = None,
    dev_score: Any = None,
) -> CnnResult:
    """Train on preprocessed texts; keep the epoch with the best ``dev_score``.

    ``dev_score(log_proba) -> float`` scores dev log-probabilities (columns in the
    order of ``labels``); by default, accuracy.
    """
    import torch
    from torch import nn

    spec = spec or CnnSpec()
    start = time.perf_counter()
    torch.manual_seed(spec.seed)
    rng = np.random.default_rng(spec.seed)
    vocab = build_vocab(train_texts, spec.min_count)
    index = {lab: i for i, lab in enumerate(labels)}
    y = np.array([index[lab] for lab in train_labels], dtype=np.int64)
    net = _module(spec, len(vocab) + 2, len(labels))
    encoder = TextCNN(tuple(labels), vocab, np.zeros((1, 1)), [], np.zeros((1, 1)), np.zeros(1))
    freq = np.bincount(y, minlength=len(labels)).astype(float)
    weight = (freq.sum() / np.maximum(freq, 1) / len(labels)) ** spec.class_weight_power
    loss_fn = nn.CrossEntropyLoss(weight=torch.tensor(weight, dtype=torch.float32))
    optimiser = torch.optim.Adam(net.parameters(), lr=spec.lr)
    if dev_score is None:
        gold = np.array([index[lab] for lab in dev_labels])

        def dev_score(lp: np.ndarray) -> float:
            return float((lp.argmax(axis=1) == gold).mean())

    best: tuple[float, int, dict[str, Any]] | None = None
    curve = []
    for epoch in range(spec.epochs):
        net.train()
        order = rng.permutation(len(train_texts))
        for b in range(0, len(order), spec.batch_size):
            rows = order[b : b + spec.batch_size]
            optimiser.zero_grad()
            logits = net(_batch(encoder, [train_texts[i] for i in rows]))
            loss_fn(logits, torch.from_numpy(y[rows])).backward()
            optimiser.step()
        score = dev_score(torch_log_proba(net, encoder, dev_texts))
        curve.append(round(float(score), 4))
        if best is None or score > best[0]:
            best = (score, epoch, {k: v.clone() for k, v in net.state_dict().items()})
    if best is None:
        raise ValueError("epochs must be >= 1")
    net.load_state_dict(best[2])
    net.eval()
    model = export(net, labels, vocab)
    return CnnResult(model, net, best[1] + 1, curve, time.perf_counter() - start)


__all__ = ["UNK", "CnnResult", "CnnSpec", "export", "torch_available", "train_text_cnn"]
