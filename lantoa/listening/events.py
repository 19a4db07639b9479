"""Facts listening announces to the apps above it
(lantoa/core/events.py; catalogue in docs/architecture.md)."""

from django.utils.translation import gettext_lazy as _

from lantoa.core import events

OPINIONS_ANALYSED = events.define(
    "listening.opinions_analysed",
    label=_("Ý kiến đã được phân tích"),
    payload={
        "opinion_ids": "the Opinions analysed (at most one batch)",
        "unit_ids": "their units, without repeats",
        "model_version": "the models' version",
    },
)
"""Opinions got their sentiment, toxicity and spans (new, edited, or
re-analysed with new models): one event per batch, in its transaction."""


ALERT_RAISED = events.define(
    "listening.alert_raised",
    label=_("Cảnh báo ý kiến tăng đột biến"),
    payload={"alert_id": "the Alert's id", "unit_id": "the alerted unit"},
)
"""A spike of opinions was detected at a unit. Keyed `alert:<id>`."""
