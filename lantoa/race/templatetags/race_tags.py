from django import template

from lantoa.race.checks import pace_text

register = template.Library()


@register.filter
def pace(seconds_per_km: int | float | None) -> str:
    """300 → "5:00/km"."""
    if not seconds_per_km:
        return ""
    return pace_text(seconds_per_km)
