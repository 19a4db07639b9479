"""Template filters of the campaigns admin: Vietnamese dates and shares."""

import datetime as dt

from django import template

from lantoa.core.dates import format_datetime_line, format_short_date

register = template.Library()


@register.filter
def vn_datetime(value: dt.datetime | None) -> str:
    return format_datetime_line(value) if value else "—"


@register.filter
def vn_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        value = timezone.localtime(value).date()
    return format_short_date(value)


@register.filter
def percent(value: float | None) -> str:
    """ "42,5%" as Vietnamese writes it; "—" for no figure."""
    if value is None:
        return "—"
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')}%"


@register.filter
def share(part: int, whole: int) -> float:
    """`part` of `whole` in [0, 100], for bar widths."""
    return round(100 * part / whole, 1) if whole else 0.0
