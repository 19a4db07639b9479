import datetime as dt

from django import template
from django.utils.translation import get_language

from lantoa.core.dates import format_date_line, format_datetime_line, relative_to_now

register = template.Library()


@register.filter
def vi_date(value: dt.date | dt.datetime | None) -> str:
    """{{ page.first_published_at|vi_date }} → "Thứ Hai, 19/6/2023"."""
    return "" if value is None else format_date_line(value, get_language() or "vi")


@register.filter
def vi_datetime(value: dt.datetime | None) -> str:
    """{{ article.first_published_at|vi_datetime }} → "Thứ Hai, 19/6/2023 15:08 (GMT+7)"."""
    return "" if value is None else format_datetime_line(value, get_language() or "vi")


@register.filter
def relative_date(value: dt.date | dt.datetime | None) -> str:
    """{{ campaign.starts_on|relative_date }} → "còn 8 ngày" / "3 giờ trước"."""
    return "" if value is None else relative_to_now(value)
