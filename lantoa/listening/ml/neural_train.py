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

from lantoa.listening.ml.neural import MAX_TOKENS, PAD, UNK, TextCNN, tokens


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
    # Further networks that read syllables instead of words (seeds seed + members, ...),
    # averaged with the others; see :func:`~lantoa.listening.ml.neural.tokens`.
    syllable_members: int = 0
    syllables: bool = False  # this network reads syllables (set per member by the trainer)
    # Class weights (inverse frequency) ** power: 0.5 lifts rare classes without
    # letting them dominate; the offsets tuned on dev do the rest.
    class_weight_power: float = 0.5
    # Epochs of skip-gram pre-training of the embeddings on unlabelled train + dev texts
    # (see :func:`pretrain_word_vectors`); 0 starts from random embeddings.
    pretrain_epochs: int = 10


def build_vocab(
    texts: Sequence[str],
    min_count: int,
    max_tokens: int | None = MAX_TOKENS,
    syllables: bool = False,
) -> tuple[str, ...]:
    """Tokens seen at least ``min_count`` times, most frequent first (ties: first seen).

    Only the first ``max_tokens`` tokens of a text count (what the TextCNN reads);
    tokens are words, or syllables with ``syllables``.
    """
    counts = collections.Counter(w for t in texts for w in tokens(t, syllables)[:max_tokens])
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


def export(
    net: Any, labels: Sequence[str], vocab: Sequence[str], syllables: bool = False
) -> TextCNN:
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
        syllables=syllables,
    )


def torch_log_proba(net: Any, model: TextCNN, texts: Sequence[str]) -> np.ndarray:
    """Log-probabilities of the PyTorch network (eval mode); for checks and dev scoring."""
    import torch

    net.eval()
    with torch.no_grad():
        return np.asarray(torch.log_softmax(net(_batch(model, texts)), dim=1).numpy(), float)


@dataclass(frozen=True)
class WordVectors:
    """Pre-trained word vectors: ``matrix[i]`` is the vector of ``words[i]``."""

    words: tuple[str, ...]
    matrix: np.ndarray


def pretrain_word_vectors(
    texts: Sequence[str],
    dim: int = 128,
    window: int = 5,
    negatives: int = 5,
    epochs: int = 10,
    min_count: int = 2,
    seed: int = 0,
    subsample: float = 1e-4,
    batch_size: int = 2048,
) -> WordVectors:
    """Skip-gram with negative sampling (word2vec) over preprocessed, unlabelled texts.

    Why: the TextCNN learns its embeddings from about 11k (UIT-VSFC) or 23k (ViHSD)
    labelled comments, so a rare word gets few updates. Vectors learnt first from the
    *unlabelled* texts of all public sets let words that share contexts start close.
    Written in PyTorch (already the training dependency) rather than adding gensim.

    Word2vec's choices are kept: frequent words are subsampled (``subsample``), the
    window is dynamic (a context at distance d is kept with probability
    (window - d + 1) / window), negatives are drawn from unigram counts ** 0.75.
    """
    import torch

    rng = np.random.default_rng(seed)
    torch.manual_seed(seed)
    words = build_vocab(texts, min_count, max_tokens=None)
    index = {w: i for i, w in enumerate(words)}
    token_ids: list[int] = []
    sentence_ids: list[int] = []
    for s, text in enumerate(texts):
        ids = [index[w] for w in text.split() if w in index]
        token_ids += ids
        sentence_ids += [s] * len(ids)
    tok, sent = np.array(token_ids, dtype=np.int64), np.array(sentence_ids)
    freq = np.bincount(tok, minlength=len(words)).astype(float)
    share = freq / max(freq.sum(), 1.0)
    keep_p = np.minimum(1.0, np.sqrt(subsample / share) + subsample / share)
    noise = freq**0.75 / (freq**0.75).sum()
    centre = torch.nn.Embedding(len(words), dim, sparse=True)
    context = torch.nn.Embedding(len(words), dim, sparse=True)
    torch.nn.init.uniform_(centre.weight, -0.5 / dim, 0.5 / dim)
    torch.nn.init.zeros_(context.weight)
    optimiser = torch.optim.SparseAdam([centre.weight, context.weight], lr=0.01)
    logsig = torch.nn.functional.logsigmoid
    for _ in range(epochs):
        kept = rng.random(len(tok)) < keep_p[tok]
        t, s = tok[kept], sent[kept]
        pairs_a, pairs_b = [], []
        for d in range(1, window + 1):
            ok = (s[d:] == s[:-d]) & (rng.random(max(len(t) - d, 0)) < (window - d + 1) / window)
            a, b = t[:-d][ok], t[d:][ok]
            pairs_a += [a, b]
            pairs_b += [b, a]
        if not pairs_a:
            continue
        a_all, b_all = np.concatenate(pairs_a), np.concatenate(pairs_b)
        order = rng.permutation(len(a_all))
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            c = centre(torch.from_numpy(a_all[rows]))
            pos = (c * context(torch.from_numpy(b_all[rows]))).sum(1)
            neg_ids = rng.choice(len(words), size=(len(rows), negatives), p=noise)
            neg = torch.bmm(context(torch.from_numpy(neg_ids)), c.unsqueeze(2)).squeeze(2)
            loss = -(logsig(pos).mean() + logsig(-neg).sum(1).mean())
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    return WordVectors(tuple(words), centre.weight.detach().numpy().astype(np.float32))


def _initialise_embeddings(net: Any, vocab: Sequence[str], vectors: WordVectors) -> None:
    """Copy the pre-trained vectors of ``vocab`` words into ``net.emb``.

    They are rescaled to the standard deviation of PyTorch's default initialisation
    (N(0, 1)), which the learning rate and dropout were tuned with; words without a
    vector keep their random start, PAD stays zero.
    """
    import torch

    index = {w: i for i, w in enumerate(vectors.words)}
    rows = [(i + 2, index[w]) for i, w in enumerate(vocab) if w in index]
    if not rows:
        return
    known = vectors.matrix[[j for _, j in rows]]
    scaled = known / max(float(known.std()), 1e-6)
    with torch.no_grad():
        net.emb.weight[[i for i, _ in rows]] = torch.from_numpy(scaled.astype(np.float32))


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
    vectors: WordVectors | None = None,
) -> CnnResult:
    """Train on preprocessed texts; keep the epoch with the best ``dev_score``.

    ``dev_score(log_proba) -> float`` scores dev log-probabilities (columns in the
    order of ``labels``); by default, accuracy. ``vectors`` (pre-trained, e.g. by
    :func:`pretrain_word_vectors`) initialise the embeddings of the words they know;
    with ``spec.syllables`` the tokens are syllables, and those that are words of one
    syllable ("thầy", "dạy") start from their word's vector.
    """
    import torch
    from torch import nn

    spec = spec or CnnSpec()
    start = time.perf_counter()
    torch.manual_seed(spec.seed)
    rng = np.random.default_rng(spec.seed)
    vocab = build_vocab(train_texts, spec.min_count, syllables=spec.syllables)
    index = {lab: i for i, lab in enumerate(labels)}
    y = np.array([index[lab] for lab in train_labels], dtype=np.int64)
    net = _module(spec, len(vocab) + 2, len(labels))
    if vectors is not None:
        _initialise_embeddings(net, vocab, vectors)
    encoder = TextCNN(
        tuple(labels), vocab, np.zeros((1, 1)), [], np.zeros((1, 1)), np.zeros(1), spec.syllables
    )
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
    model = export(net, labels, vocab, spec.syllables)
    return CnnResult(model, net, best[1] + 1, curve, time.perf_counter() - start)


__all__ = [
    "UNK",
    "CnnResult",
    "CnnSpec",
    "WordVectors",
    "export",
    "pretrain_word_vectors",
    "torch_available",
    "train_text_cnn",
]
