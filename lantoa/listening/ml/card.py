"""Render the human-readable model card (Markdown) from ``card.json``."""

from __future__ import annotations

from typing import Any

_PUBLISHED = {
    "sentiment": "MaxEnt weighted-F1 87.94; Bi-LSTM weighted-F1 92.0; PhoBERT accuracy 94.28 / weighted-F1 93.92",
    "toxicity": "PhoBERT-base 87.12 / 65.01; PhoBERT-large 87.32 / 65.14; ViSoBERT 88.51 / 68.77 (accuracy / macro-F1)",
    "spans": "XLM-R large 0.7467; PhoBERT large 0.7716; BiLSTM-CRF 0.7036 (span F1)",
}


def _metrics_table(metrics: dict[str, Any] | None) -> list[str]:
    if not metrics:
        return ["(not evaluated)"]
    lines = ["| metric | value |", "|---|---|"]
    lines += [f"| {k} | {metrics[k]} |" for k in ("n", "accuracy", "macro_f1", "weighted_f1")]
    lines += [f"| F1 {label} | {value} |" for label, value in metrics["per_class_f1"].items()]
    return lines


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
            f"Model: {info.get('chosen')}.",
            f"Decision offsets: {card.get('decision', {}).get(task + '_log_prior_offsets')}.",
            f"Published (same test split): {_PUBLISHED[task]}.",
            "",
            "Test:",
            "",
            *_metrics_table(info.get("test")),
            "",
        ]
    spans = card.get("spans", {})
    out += [
        "## Offending spans",
        "",
        f"Data: {spans.get('data')}; {spans.get('model')}; C={spans.get('C')}, threshold={spans.get('threshold')}.",
        f"Span F1 (character offsets, mean per comment): dev {spans.get('dev_span_f1')}, test {spans.get('test_span_f1')}.",
        f"Published: {_PUBLISHED['spans']}.",
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
