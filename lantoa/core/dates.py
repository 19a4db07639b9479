"""Vietnamese date lines as union news sites print them.

"Thứ Hai, 19/6/2023 15:08 (GMT+7)" for an article, "Chủ Nhật, 24/11/2024" for
a page's date line. Day and month carry no leading zero.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

WEEKDAYS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _local(value: dt.datetime, tz_name: str | None) -> dt.datetime:
    if timezone.is_naive(value):
        raise ValueError("Naive datetimes are ambiguous; pass an aware datetime.")
    return value.astimezone(ZoneInfo(tz_name or settings.TIME_ZONE))


def _utc_offset(value: dt.datetime) -> str:
    offset = value.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"GMT{sign}{hours}" + (f":{rest:02d}" if rest else "")


def weekday_name(day: dt.date, language: str = "vi") -> str:
    names = WEEKDAYS_VI if language.startswith("vi") else WEEKDAYS_EN
    return names[day.weekday()]


def format_date_line(
    day: dt.date | dt.datetime, language: str = "vi", tz_name: str | None = None
) -> str:
    """ "Chủ Nhật, 24/11/2024" — a datetime is first moved to the local zone."""
    if isinstance(day, dt.datetime):
        day = _local(day, tz_name).date()
    return f"{weekday_name(day, language)}, {day.day}/{day.month}/{day.year}"


def format_datetime_line(
    value: dt.datetime, language: str = "vi", tz_name: str | None = None
) -> str:
    """ "Thứ Hai, 19/6/2023 15:08 (GMT+7)" in the given (default: site) zone."""
    local = _local(value, tz_name)
    return f"{format_date_line(local.date(), language)} {local:%H:%M} ({_utc_offset(local)})"


def format_short_date(day: dt.date) -> str:
    """ "19/6/2023", the form used in tables and reports."""
    return f"{day.day}/{day.month}/{day.year}"


def relative_to_now(value: dt.date | dt.datetime, now: dt.datetime | None = None) -> str:
    """How far a moment is from now, in the active language, both ways:
    "3 giờ trước", "vừa xong", "còn 8 ngày", "hôm nay" (a date without time).

    Django's timesince says "0 phút" for any future moment, so Wagtail's
    listings showed "0 phút trước" for a campaign starting next week."""
    from django.utils.timesince import timesince, timeuntil
    from django.utils.translation import gettext

    now = now or timezone.now()
    if not isinstance(value, dt.datetime):
        days = (value - timezone.localdate(now)).days
        if days == 0:
            return gettext("hôm nay")
        midnight = dt.datetime.combine(value, dt.time(), tzinfo=ZoneInfo(settings.TIME_ZONE))
        today = dt.datetime.combine(
            timezone.localdate(now), dt.time(), tzinfo=ZoneInfo(settings.TIME_ZONE)
        )
        if days > 0:
            return gettext("còn %(time_period)s") % {
                "time_period": timeuntil(midnight, today, depth=1)
            }
        return gettext("%(time_period)s trước") % {
            "time_period": timesince(midnight, today, depth=1)
        }
    if timezone.is_naive(value):
        raise ValueError("Naive datetimes are ambiguous; pass an aware datetime.")
    seconds = (value - now).total_seconds()
    if abs(seconds) < 60:
        return gettext("vừa xong") if seconds <= 0 else gettext("sắp tới")
    if seconds > 0:
        return gettext("còn %(time_period)s") % {"time_period": timeuntil(value, now, depth=1)}
    return gettext("%(time_period)s trước") % {"time_period": timesince(value, now, depth=1)}
