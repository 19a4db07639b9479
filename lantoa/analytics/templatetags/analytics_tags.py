from django import template

from lantoa.analytics.formatting import vn_number, vn_percent

register = template.Library()


@register.filter
def vnum(value: object) -> str:
    """1234567 → "1.234.567"; None → "—"."""
    return vn_number(value)  # type: ignore[arg-type]


@register.filter
def vpct(value: object) -> str:
    """40.46 → "40,5%"; None → "—"."""
    return vn_percent(value)  # type: ignore[arg-type]


@register.filter
def width(value: object) -> str:
    """A percentage as a CSS width ("40.5%"), clamped to [0, 100]."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "0%"
    return f"{max(0.0, min(100.0, number)):.1f}%"
