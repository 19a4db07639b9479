"""Typed, bounded input fields shared by the API's schemas.

What the OpenAPI document says is what is accepted, no more:

- figures are JSON integers (10 and 10.0 alike, as JSON Schema counts them)
  within `lantoa.core.figures`' bounds, the same the services check; never
  `false`, `"12"` or 12.5 (pydantic's default would take `false` for 0);
- switches are JSON booleans, not 1 or "yes";
- dates and times are ISO 8601 text ("2026-05-01", "2026-05-01T08:30:00+07:00")
  of the years 2000–2099 matching the published patterns, not a number of
  seconds (pydantic's default reads `0.5` as 1970);
- links are http(s) addresses matching the published `pattern`.
"""

import datetime as dt
import re
from typing import Annotated, Any

from django.utils import timezone
from ninja import Schema
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    WithJsonSchema,
)

from lantoa.core.figures import MAX_ITEMS, MAX_PARTICIPANTS, MAX_PERCENT, MAX_REACH, vi_int
from lantoa.core.urls_check import MAX_URL_LENGTH, WEB_ADDRESS_PATTERN, is_web_address

# Dates are 2000–2099: wide for anything a union plans, schedules or reports,
# and inside the years Vietnam's time zone has been +07:00 (older dates come
# back with odd historical offsets, year 1 overflowed: a 500). The patterns name
# real calendar days only (leap years included), so that every string they
# allow is a date the API accepts, and nothing else.
_YEAR = r"20\d{2}"
_DAY = (
    rf"({_YEAR}-(0[13578]|1[02])-(0[1-9]|[12]\d|3[01])"
    rf"|{_YEAR}-(0[469]|11)-(0[1-9]|[12]\d|30)"
    rf"|{_YEAR}-02-(0[1-9]|1\d|2[0-8])"
    r"|20(0[048]|[2468][048]|[13579][26])-02-29)"
)
ISO_DATE_PATTERN = f"^{_DAY}$"
# A time with or without seconds and fraction; with an offset (Z, +07:00; at
# most ±14:59, as on Earth: PostgreSQL refuses ±16 h), or none: local time.
ISO_DATETIME_PATTERN = (
    rf"^{_DAY}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{{1,6}})?)?"
    r"(Z|[+-](0\d|1[0-4]):?[0-5]\d)?$"
)
ISO_DATE = re.compile(ISO_DATE_PATTERN)
ISO_DATETIME = re.compile(ISO_DATETIME_PATTERN)


def _json_integer(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("must be a JSON integer")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("must be a whole number")
        return int(value)
    return value


def _iso_text(pattern: re.Pattern[str], what: str) -> Any:
    def check(value: Any) -> Any:
        if isinstance(value, dt.date):
            return value
        if not isinstance(value, str) or not pattern.fullmatch(value):
            raise ValueError(f"must be an ISO 8601 {what}")
        return value

    return check


def _aware(value: dt.datetime) -> dt.datetime:
    """A time typed without an offset is the site's local time (Asia/Ho_Chi_Minh;
    units carry no zone of their own): no naive time goes past the API."""
    if timezone.is_naive(value):
        return timezone.make_aware(value, timezone.get_default_timezone())
    return value


def _web_address(value: str) -> str:
    if value and not is_web_address(value):
        raise ValueError("must be an http(s) URL")
    return value


_JsonInteger = BeforeValidator(_json_integer)
Reach = Annotated[
    int,
    Field(ge=0, le=MAX_REACH, description=f"Lượt tiếp cận: số nguyên 0–{vi_int(MAX_REACH)}."),
    _JsonInteger,
]
Participants = Annotated[
    int,
    Field(
        ge=0,
        le=MAX_PARTICIPANTS,
        description=f"Số người tham gia: số nguyên 0–{vi_int(MAX_PARTICIPANTS)}.",
    ),
    _JsonInteger,
]
ItemCount = Annotated[
    int,
    Field(ge=0, le=MAX_ITEMS, description=f"Số lượng: số nguyên 0–{vi_int(MAX_ITEMS)}."),
    _JsonInteger,
]
Percent = Annotated[
    int,
    Field(ge=0, le=MAX_PERCENT, description="Tỉ lệ phần trăm: số nguyên 0–100."),
    _JsonInteger,
]
Switch = StrictBool
IsoDate = Annotated[
    dt.date,
    Field(json_schema_extra={"pattern": ISO_DATE_PATTERN}),
    BeforeValidator(_iso_text(ISO_DATE, "date (YYYY-MM-DD, years 2000-2099)")),
]
# Published as a pattern, not `format: date-time`: RFC 3339 has no local times,
# which these fields accept (and reads "2026-05-01T08:30Z" as invalid).
_DATETIME_SCHEMA = WithJsonSchema(
    {
        "type": "string",
        "pattern": ISO_DATETIME_PATTERN,
        "description": "ISO 8601, ví dụ 2026-05-01T08:30:00+07:00; không ghi múi giờ: "
        "giờ của đơn vị (Asia/Ho_Chi_Minh).",
    }
)
_DATETIME_TEXT = BeforeValidator(_iso_text(ISO_DATETIME, "date and time (years 2000-2099)"))
IsoDateTime = Annotated[dt.datetime, _DATETIME_SCHEMA, _DATETIME_TEXT, AfterValidator(_aware)]
# The same, but a time without an offset stays naive for the operation to place
# in the unit's own zone (`channels.selectors_admin.unit_zone`).
UnitLocalDateTime = Annotated[dt.datetime, _DATETIME_SCHEMA, _DATETIME_TEXT]
WebAddress = Annotated[
    str,
    Field(
        max_length=MAX_URL_LENGTH,
        pattern=f"{WEB_ADDRESS_PATTERN}|^$",
        description="Địa chỉ web http(s); có thể bỏ trống.",
    ),
    AfterValidator(_web_address),
]


class BodyIn(Schema):
    """A JSON body: a field it does not define is refused (422 `extra_forbidden`),
    not ignored, so that a misspelt `scheduled_at` cannot post at once."""

    model_config = ConfigDict(extra="forbid")
