"""Render the human-readable model card (Markdown) from ``card.json``: what one
version of the models is and how it scores. How the recipe was arrived at lives
in the repository's research notes, not in the product."""

from __future__ import annotations

from typing import Any

RESEARCH_NOTES = "docs/research/listening-models.md"


def _metrics_table(metrics: dict[str, Any] | None) -> list[str]:
    if not metrics:
        return ["(not evaluated)"]
    lines = ["| metric | value |", "|---|---|"]
    lines += [f"| {k} | {metrics[k]} |" for k in ("n", "accuracy", "macro_f1", "weighted_f1")]
    lines += [f"| F1 {label} | {value} |" for label, value in metrics["per_class_f1"].items()]
    return lines


def _vectors_sentence(neural: dict[str, Any], vectors: dict[str, Any] | None) -> str:
    if not neural.get("pretrained_vectors") or not vectors:
        return "Embeddings start at random. "
    return (
        f"Embeddings start from skip-gram vectors ({vectors.get('words')} words, "
        f"{vectors.get('epochs')} epochs) pre-trained on {vectors.get('texts')} unlabelled train + "
        "dev texts of UIT-VSFC, ViHSD and ViHOS (ViHOS texts that are also test texts of any "
        f"set dropped: {vectors.get('vihos_texts_dropped_as_test')}). "
    )


def _neural_lines(
    info: dict[str, Any],
    decision: dict[str, Any],
    task: str,
    vectors: dict[str, Any] | None = None,
) -> list[str]:
    neural = info.get("neural")
    if not neural:
        return ["No neural model (linear only)."]
    spec = neural.get("spec", {})
    alone = neural.get("dev_alone", {})
    chosen: dict[str, Any] = next(
        (c for c in info.get("candidates", []) if c.get("spec") == info.get("chosen")), {}
    )
    linear = chosen.get("dev_linear_alone_without_offsets", {})
    syllable_networks = spec.get("syllable_members", 0)
    networks = (
        f"{spec.get('members')} networks over words (vocabulary {neural.get('vocabulary')} "
        f"words) and {syllable_networks} over syllables (vocabulary "
        f"{neural.get('syllable_vocabulary')} syllables), train split, averaged. "
        if syllable_networks
        else f"vocabulary {neural.get('vocabulary')} words (train split). "
    )
    return [
        f"{neural.get('model')}: embeddings {spec.get('dim')}, {spec.get('filters')} filters of "
        f"widths {spec.get('widths')}, "
        + networks
        + _vectors_sentence(neural, vectors)
        + f"Epoch {neural.get('best_epoch')} of {spec.get('epochs')} chosen on dev; trained on "
        "train only. Mixed with the linear model as a weighted mean of log-probabilities, "
        f"weight {decision.get(task + '_neural_weight', neural.get('weight'))}, no offsets. "
        f"Dev macro-F1: TextCNN alone {alone.get('macro_f1')}, linear alone "
        f"{linear.get('macro_f1')}, mixed {info.get('dev', {}).get('macro_f1')}.",
    ]


def render_model_card(card: dict[str, Any]) -> str:
    """Markdown model card: version, data and terms, chosen settings, metrics per class."""
    out = [
        f"# Lantoa listening models — version `{card.get('version', '?')}`",
        "",
        f"Created {card.get('created', '?')}. Input pipeline: {card.get('pipeline', '')}.",
        "Runs on CPU, offline. Scores are percentages on the public test splits, which were",
        "used once, after choosing hyper-parameters and decision offsets on the dev splits.",
        "",
        "## Intended use and limits",
        "",
        "Triage aid for union officers: sentiment (negative/neutral/positive), toxicity",
        "(clean/offensive/hate) with a confidence, and offending spans to highlight. Trained on",
        "student feedback (sentiment) and social-media comments (toxicity); workplace language",
        "differs, so officers' corrections are fed back as training data. Never use it to",
        "sanction a member automatically.",
        "",
    ]
    for task in ("sentiment", "toxicity"):
        info = card.get(task, {})
        out += [
            f"## {task.capitalize()}",
            "",
            f"Data: {info.get('data')} — {info.get('train_rows')} training rows "
            f"({info.get('organisation_rows', 0)} from the organisation); refitted on {info.get('refit_on')}.",
            f"Linear model: {info.get('chosen')}.",
            *_neural_lines(info, card.get("decision", {}), task, card.get("word_vectors")),
            f"Decision offsets: {card.get('decision', {}).get(task + '_log_prior_offsets')}.",
            "",
            "Test:",
            "",
            *_metrics_table(info.get("test")),
            "",
            "Dev (selection; optimistic, it chose the epochs, the linear model and any offsets):",
            "",
            *_metrics_table(info.get("dev")),
            "",
        ]
    spans = card.get("spans", {})
    out += [
        "## Offending spans",
        "",
        f"Data: {spans.get('data')}; {spans.get('model')}; C={spans.get('C')}, threshold={spans.get('threshold')}.",
        f"Span F1 (character offsets, mean per comment): dev {spans.get('dev_span_f1')}, test {spans.get('test_span_f1')}.",
        "",
        "## How these settings were chosen",
        "",
        f"Published results on the same splits and what was tried: `{RESEARCH_NOTES}`",
        "in Lantoa's source repository.",
        "",
        "## Data and terms",
        "",
    ]
    out += [f"- **{name}**: {terms}" for name, terms in card.get("data_terms", {}).items()]
    out += ["", "## Files", ""]
    out += [
        f"- `{name}`: {size / 1e6:.2f} MB" for name, size in card.get("artefact_bytes", {}).items()
    ]
    return "\n".join(out) + "\n"


def render_layered_card(card: dict[str, Any]) -> str:
    """The model card of a layered version (general sentiment model over a base)."""
    general = card.get("sentiment_general", {})
    decision = card.get("decision", {})
    lines = [
        f"# Listening models {card.get('version')}",
        "",
        f"Adds to `{card.get('base_version')}` (its in-domain sentiment, toxicity and span "
        "models are reused unchanged): a general sentiment model trained across domains, "
        f"mixed with the in-domain one at weight {decision.get('sentiment_general_weight')}; "
        "calibrated confidence (temperature "
        f"{decision.get('sentiment_temperature')} for sentiment, "
        f"{decision.get('toxicity_temperature')} for toxicity, fitted on dev splits); "
        f'"chưa chắc chắn" below {decision.get("uncertain_below")}; long texts read '
        "sentence by sentence; a longest-match segmenter over the "
        f"{card.get('lexicon_words')} words the models know instead of the CRF.",
        "",
        f"Pipeline: {card.get('pipeline')}.",
        "",
        "## General sentiment model",
        f"{general.get('model')}. Train splits only: "
        + ", ".join(f"{k} {v}" for k, v in general.get("train_rows", {}).items())
        + f"; organisation rows {general.get('organisation_rows', 0)}. "
        f"Trained in {general.get('train_seconds')} s.",
        "",
        "## Leave one domain out (sentiment)",
        "| domain | n | in-domain model acc / macro-F1 | general acc / macro-F1 | mix acc / macro-F1 |",
        "|---|---|---|---|---|",
    ]
    for row in card.get("lodo", []):
        cells = [
            f"{row[k]['accuracy']} / {row[k]['macro_f1']}" if k in row else "-"
            for k in ("base", "general", next((k for k in row if k.startswith("mix@")), "mix"))
        ]
        lines.append(f"| {row['domain']} | {row['n']} | " + " | ".join(cells) + " |")
    test = card.get("test", {})
    if test:
        lines += [
            "",
            "## Test figures (whole pipeline)",
            "| set | task | n | accuracy | macro-F1 | ECE |",
            "|---|---|---|---|---|---|",
        ]
        for task in ("sentiment", "toxicity"):
            for name, f in test.get(task, {}).items():
                lines.append(
                    f"| {name} | {task} | {f['n']} | {f['accuracy']} | {f['macro_f1']} | {f.get('ece')} |"
                )
        curve = test.get("sentiment", {}).get("workplace", {}).get("reliability") or []
        for name, f in test.get("sentiment", {}).items():
            if name == "UIT-VSFC":
                curve = f.get("reliability") or curve
        lines += [
            "",
            "## Reliability curve (sentiment, UIT-VSFC test)",
            "| confidence bin | n | mean confidence | accuracy |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {b['from']}-{b['to']} | {b['n']} | {b['confidence']} | {b['accuracy']} |"
            for b in curve
        ]
        for name, t in test.get("throughput", {}).items():
            lines.append(
                f"\nSpeed, {name}: {t['per_cpu_second']} texts per CPU-second (mean {t['mean_chars']} characters)."
            )
    lines += [
        "",
        "## Data and terms",
        "See the base version's card; added: AIVIVN 2019, "
        "ViSpamReviews, UIT-VSMEC, UTS2017_Bank (see ../shared/data/README.md). Research use.",
        "",
    ]
    return "\n".join(lines)
