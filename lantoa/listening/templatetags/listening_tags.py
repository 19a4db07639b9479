"""Template helpers of the listening admin: spans, percentages, Vietnamese dates."""

from datetime import date, datetime
from typing import Any

from django import template
from django.utils.safestring import SafeString

from lantoa.core.dates import format_datetime_line, format_short_date
from lantoa.listening.highlight import highlight_text

register = template.Library()


@register.filter
def highlighted(opinion: Any) -> SafeString:
    """The opinion's text with its offending spans in <mark> and the sentences that
    decided its sentiment outlined (text escaped)."""
    return highlight_text(opinion.text, opinion.spans, opinion.sentiment_evidence)


@register.filter
def percent(value: float | None) -> str:
    """0.237 → "23,7 %" (Vietnamese decimal comma); None → "—"."""
    if value is None:
        return "—"
    return f"{value * 100:.1f}".replace(".", ",") + " %"


@register.filter
def ratio(count: int | None, total: int | None) -> float | None:
    if count is None or not total:
        return None
    return count / total


@register.filter
def vn_datetime(value: datetime | None) -> str:
    return format_datetime_line(value) if value else "—"


@register.filter
def vn_date(value: date | None) -> str:
    return format_short_date(value) if value else "—"


@register.filter
def shown(value: int | None) -> str:
    """A count, or "—" where the minimum reporting size hides it."""
    return "—" if value is None else f"{value:,}".replace(",", ".")


@register.filter
def sentiment_label(value: str) -> str:
    """ "positive" → "Tích cực"; an unknown value is shown as it is."""
    from lantoa.listening.choices import Sentiment

    try:
        return str(Sentiment(value).label)
    except ValueError:
        return str(value)
