import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from lantoa.core.dates import format_date_line, format_datetime_line, format_short_date

UTC = dt.UTC


def test_article_date_line_in_vietnam_time():
    published = dt.datetime(2023, 6, 19, 8, 8, tzinfo=UTC)  # 15:08 in Hà Nội
    assert format_datetime_line(published) == "Thứ Hai, 19/6/2023 15:08 (GMT+7)"


def test_page_date_line_uses_local_day_not_utc_day():
    late_utc = dt.datetime(2024, 11, 23, 18, 30, tzinfo=UTC)  # already Sunday 01:30 in Vietnam
    assert format_date_line(late_utc) == "Chủ Nhật, 24/11/2024"


def test_every_weekday_name():
    monday = dt.date(2024, 11, 18)
    names = [format_date_line(monday + dt.timedelta(days=i)).split(",")[0] for i in range(7)]
    assert names == ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


def test_english_date_line():
    assert format_date_line(dt.date(2024, 11, 24), "en") == "Sunday, 24/11/2024"


def test_other_zone_shows_its_offset():
    value = dt.datetime(2023, 6, 19, 8, 8, tzinfo=UTC)
    assert (
        format_datetime_line(value, tz_name="Asia/Kolkata") == "Thứ Hai, 19/6/2023 13:38 (GMT+5:30)"
    )
    assert format_datetime_line(value, tz_name="UTC") == "Thứ Hai, 19/6/2023 08:08 (GMT+0)"


def test_naive_datetime_is_refused():
    with pytest.raises(ValueError, match="Naive"):
        format_datetime_line(dt.datetime(2023, 6, 19, 15, 8))  # noqa: DTZ001


def test_short_date_has_no_leading_zeros():
    assert format_short_date(dt.date(2023, 6, 9)) == "9/6/2023"
    assert format_date_line(dt.datetime(2023, 1, 2, 0, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))) == (
        "Thứ Hai, 2/1/2023"
    )
