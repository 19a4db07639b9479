"""Offending spans of an opinion, marked for moderators.

The text is escaped piece by piece between the span offsets (escaping first
would shift every offset), and only the spans are wrapped in <mark>: whatever
a member wrote is shown as text, never as markup."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def span_ranges(text: str, spans: Iterable[Mapping[str, Any]] | None) -> list[tuple[int, int]]:
    """Valid (start, end) offsets inside `text`, sorted, overlaps merged."""
    ranges = []
    for span in spans or []:
        try:
            start, end = int(span["start"]), int(span["end"])
        except (KeyError, TypeError, ValueError):
            continue  # a malformed span is ignored, never an error page
        start, end = max(0, start), min(len(text), end)
        if start < end:
            ranges.append((start, end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def highlight_spans(text: str, spans: Iterable[Mapping[str, Any]] | None) -> SafeString:
    parts: list[str] = []
    position = 0
    for start, end in span_ranges(text, spans):
        parts.append(escape(text[position:start]))
        parts.append(f'<mark class="listening-span">{escape(text[start:end])}</mark>')
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))


EVIDENCE_LABELS = frozenset({"negative", "neutral", "positive"})


def highlight_text(
    text: str,
    spans: Iterable[Mapping[str, Any]] | None,
    evidence: Iterable[Mapping[str, Any]] | None,
) -> SafeString:
    """The text with the sentences that decided its sentiment wrapped in
    <span data-evidence="label">, and offending spans marked inside them."""
    labelled = {}
    for piece in evidence or []:
        label = piece.get("label") if isinstance(piece, Mapping) else None
        if label in EVIDENCE_LABELS:
            for start, end in span_ranges(text, [piece]):
                labelled[(start, end)] = str(label)
    parts: list[str] = []
    position = 0
    spans = list(spans or [])

    def marked(start: int, end: int) -> str:
        inner = [
            {"start": int(s["start"]) - start, "end": int(s["end"]) - start}
            for s in spans
            if isinstance(s, Mapping) and str(s.get("start", "")).lstrip("-").isdigit()
            and str(s.get("end", "")).lstrip("-").isdigit()
        ]  # fmt: skip
        return highlight_spans(text[start:end], inner)

    for start, end in span_ranges(text, [{"start": a, "end": b} for a, b in labelled]):
        if start < position:
            continue
        parts.append(marked(position, start))
        label = labelled.get((start, end), "")
        parts.append(
            f'<span class="listening-evidence listening-evidence-{label}" '
            f'data-evidence="{label}">{marked(start, end)}</span>'
        )
        position = end
    parts.append(marked(position, len(text)))
    return mark_safe("".join(parts))
