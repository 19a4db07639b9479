"""Benchmark of the listening models on the public Vietnamese sets.

Trains on the public train splits (hyper-parameters and decision offsets chosen on
dev), prints test accuracy, macro-F1 and per-class F1 for UIT-VSFC sentiment and
ViHSD toxicity beside the published figures, ViHOS span F1, training time, end-to-end
throughput (normalise + segment + features + both models, single process, one
thread) and peak memory.

    python bench/listening.py                 # artefacts go to a temporary folder
    python bench/listening.py --ship          # also write them as the shipped default

Data: ``$LANTOA_DATASETS_DIR`` or ``../shared/data`` (never copied into the repo).
"""

from __future__ import annotations

import os

# One thread per process so that "comments/s" is per core; set before numpy loads.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lantoa.listening.ml.artefacts import ARTEFACTS_DIR, DEFAULT_FILE, load_models  # noqa: E402
from lantoa.listening.ml.datasets import load_vihsd  # noqa: E402
from lantoa.listening.ml.train import default_version_name, train_all  # noqa: E402

PUBLISHED = {
    "sentiment": [
        ("MaxEnt (KSE 2018)", None, "87.94 weighted-F1"),
        ("Bi-LSTM (NICS 2018)", None, "92.0 weighted-F1"),
        ("PhoBERT (NICS 2020)", "94.28", "93.92 weighted-F1"),
        ("plain TF-IDF + linear (brief)", "89.6", "75.7 macro-F1"),
        ("Lantoa linear 20261126-public", "89.23", "75.89 macro-F1"),
    ],
    "toxicity": [
        ("TextCNN", "86.69", "61.11"),
        ("mBERT", "86.89", "62.70"),
        ("XLM-R", "86.12", "61.29"),
        ("PhoBERT-base", "87.12", "65.01"),
        ("PhoBERT-large", "87.32", "65.14"),
        ("ViSoBERT", "88.51", "68.77"),
        ("Lantoa linear 20261126-public", "87.04", "64.94"),
    ],
}
TARGETS = {"sentiment": (91.0, 80.0), "toxicity": (None, 68.8)}


def _print_task(name: str, info: dict) -> None:
    test = info["test"]
    print(f"\n== {name}: {info['data']} (train rows {info['train_rows']}, test n={test['n']})")
    print(
        f"   Lantoa      accuracy {test['accuracy']:6.2f}   macro-F1 {test['macro_f1']:6.2f}   weighted-F1 {test['weighted_f1']:6.2f}"
    )
    print("   per-class F1: " + ", ".join(f"{k} {v:.2f}" for k, v in test["per_class_f1"].items()))
    print(f"   dev macro-F1 {info['dev']['macro_f1']:.2f} (selection); chosen {info['chosen']}")
    neural = info.get("neural")
    if neural:
        print(
            f"   + TextCNN x{len(neural['best_epoch'])} (epochs {neural['best_epoch']}), weight "
            f"{neural['weight']}; dev macro-F1 TextCNN alone {neural['dev_alone']['macro_f1']:.2f}"
        )
    for label, acc, f1 in PUBLISHED[name]:
        print(f"   published   {label:32s} accuracy {acc or '  -  ':>6}   {f1}")
    acc_target, f1_target = TARGETS[name]
    verdict = []
    if acc_target is not None:
        verdict.append(
            f"accuracy ≥ {acc_target}: {'MET' if test['accuracy'] >= acc_target else 'NOT met'}"
        )
    verdict.append(
        f"macro-F1 ≥ {f1_target}: {'MET' if test['macro_f1'] >= f1_target else 'NOT met'}"
    )
    print("   target: " + "; ".join(verdict))


def throughput(models, texts: list[str]) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Comments per CPU-second and per wall-second for ``models.analyse``.

    CPU time of this single-threaded process is the honest "per core" figure on a
    shared machine; wall-clock is printed beside it. A warm-up run excludes imports
    and lazy model loading.
    """
    models.analyse(texts[:50])
    cpu, wall = time.process_time(), time.perf_counter()
    models.analyse(texts)
    return len(texts) / (time.process_time() - cpu), len(texts) / (time.perf_counter() - wall)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--ship", action="store_true", help="write the artefacts as the shipped default"
    )
    parser.add_argument("--version", default=None)
    parser.add_argument("--throughput-n", type=int, default=3000)
    args = parser.parse_args()

    out_root = ARTEFACTS_DIR if args.ship else Path(tempfile.mkdtemp(prefix="lantoa-listening-"))
    version = args.version or default_version_name("public")
    start = time.perf_counter()
    folder, _ = train_all(version=version, out_root=out_root)
    train_seconds = time.perf_counter() - start
    if args.ship:
        (ARTEFACTS_DIR / DEFAULT_FILE).write_text(version + "\n", encoding="utf-8")

    models = load_models(version, out_root)  # reload through the trusted-types check
    card = models.card
    _print_task("sentiment", card["sentiment"])
    _print_task("toxicity", card["toxicity"])
    spans = card["spans"]
    print(
        f"\n== spans: ViHOS span F1 test {spans['test_span_f1']:.4f} (dev {spans['dev_span_f1']:.4f}); "
        "published XLM-R large 0.7467, PhoBERT large 0.7716, BiLSTM-CRF 0.7036"
    )

    texts = load_vihsd("test").texts[: args.throughput_n]
    rate_all, rate_wall = throughput(models, texts)
    print(
        f"\n== speed: {rate_all:,.0f} comments/s per core end to end (normalise + segment + features "
        f"+ sentiment + toxicity + spans on non-clean), n={len(texts)} ViHSD test comments, 1 process, 1 thread"
        f" ({rate_wall:,.0f}/s wall clock) — target ≥ 1,000: {'MET' if rate_all >= 1000 else 'NOT met'}"
    )
    sizes = card.get("artefact_bytes", {})
    total = (
        sum(sizes.values())
        + sum(p.stat().st_size for p in folder.glob("*.json"))
        + sum(p.stat().st_size for p in folder.glob("*.md"))
    )
    print(
        f"== training time {train_seconds:.0f} s (sentiment {card['sentiment']['train_seconds']} s, toxicity "
        f"{card['toxicity']['train_seconds']} s, spans {spans['train_seconds']} s; includes preprocessing)"
    )
    print(
        f"== peak memory (max RSS) {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    print(
        f"== artefacts {folder}: "
        + ", ".join(f"{k} {v / 1e6:.2f} MB" for k, v in sizes.items())
        + f"; total {total / 1e6:.2f} MB"
    )


if __name__ == "__main__":
    main()
