"""Near-duplicate grouping: the same complaint posted many times.

MinHash signatures over character shingles of the normalised text, banded
locality-sensitive hashing to find candidate pairs in roughly linear time, then an
exact Jaccard check so that a group never joins texts below the threshold (only
transitively through a chain of near-duplicates). Pure numpy; no model to train.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from lantoa.listening.nlp.normalize import normalize

_PRIME = (1 << 61) - 1
_MAX32 = (1 << 32) - 1


def shingles(text: str, k: int = 5) -> set[int]:
    """Hashed character k-grams of the normalised text (spaces squeezed).

    Masks such as ``xxurl`` and ``xxphone`` are part of the normalised text, so two
    posts differing only by a link or a phone number still match.
    """
    norm = " ".join(normalize(text).split())
    if len(norm) <= k:
        return {zlib.crc32(norm.encode("utf-8"))} if norm else set()
    return {zlib.crc32(norm[i : i + k].encode("utf-8")) for i in range(len(norm) - k + 1)}


def jaccard(a: set[int], b: set[int]) -> float:
    """|a ∩ b| / |a ∪ b|, with two empty sets counted as identical."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _signatures(sets: Sequence[set[int]], num_perm: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    a = rng.integers(1, _PRIME, size=num_perm, dtype=np.uint64)
    b = rng.integers(0, _PRIME, size=num_perm, dtype=np.uint64)
    sig = np.full((len(sets), num_perm), _MAX32, dtype=np.uint64)
    for row, s in enumerate(sets):
        if not s:
            continue
        x = np.fromiter(s, dtype=np.uint64, count=len(s))[:, None]
        # (a*x + b) mod p, truncated to 32 bits; uint64 overflow wraps, which keeps
        # the family universal enough for LSH purposes.
        hashed = ((x * a + b) % np.uint64(_PRIME)) & np.uint64(_MAX32)
        sig[row] = hashed.min(axis=0)
    return sig


def group_near_duplicates(
    texts: Sequence[str],
    threshold: float = 0.7,
    num_perm: int = 64,
    bands: int = 16,
    seed: int = 13,
) -> list[list[int]]:
    """Group indices of ``texts`` whose shingle Jaccard similarity is ≥ ``threshold``.

    Guarantees: every index appears in exactly one group; groups are sorted lists,
    ordered by their first index; singletons are included. Pairs above the threshold
    are found with high probability (LSH), pairs below it are never joined directly.
    """
    sets = [shingles(t) for t in texts]
    n = len(sets)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    if n > 1:
        sig = _signatures(sets, num_perm, seed)
        rows = num_perm // bands
        checked: set[tuple[int, int]] = set()
        for band in range(bands):
            buckets: dict[bytes, list[int]] = defaultdict(list)
            block = sig[:, band * rows : (band + 1) * rows]
            for i in range(n):
                buckets[block[i].tobytes()].append(i)
            for members in buckets.values():
                # All pairs in small buckets; in a huge bucket (a post repeated
                # hundreds of times) comparing with its first member is enough, as
                # union-find makes groups transitive.
                pairs = (
                    ((m, o) for j, m in enumerate(members) for o in members[j + 1 :])
                    if len(members) <= 50
                    else ((members[0], o) for o in members[1:])
                )
                for first, other in pairs:
                    if (first, other) in checked or find(first) == find(other):
                        continue
                    checked.add((first, other))
                    if jaccard(sets[first], sets[other]) >= threshold:
                        parent[find(other)] = find(first)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[find(i)].append(i)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])
