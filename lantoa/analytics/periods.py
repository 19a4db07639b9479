"""Reporting periods: whole calendar months, in the site's time zone."""

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone

from lantoa.core.exceptions import InvalidInput

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
MAX_MONTHS = 240  # twenty years: four congress terms


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def parse_month(text: str) -> dt.date:
    """ "2023-06" → 1 June 2023; InvalidInput otherwise."""
    match = _MONTH.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
        raise InvalidInput("Tháng không hợp lệ, hãy nhập theo dạng NNNN-TT (ví dụ 2023-06).")
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


@dataclass(frozen=True)
class Period:
    """From the first day of `first` to the end of `last` (both month starts)."""

    first: dt.date
    last: dt.date

    def __post_init__(self) -> None:
        if self.first.day != 1 or self.last.day != 1:
            raise ValueError("a period is made of whole months")
        if self.last < self.first:
            raise InvalidInput("Tháng kết thúc phải sau tháng bắt đầu.")
        if len(self.months) > MAX_MONTHS:
            raise InvalidInput("Khoảng thời gian dài quá 20 năm.")

    @classmethod
    def last_months(cls, n: int = 12, today: dt.date | None = None) -> "Period":
        """The `n` months up to and including the current one."""
        current = month_start(today or timezone.localdate())
        return cls(add_months(current, -(n - 1)), current)

    @classmethod
    def years(cls, first_year: int, last_year: int) -> "Period":
        """January of `first_year` to December of `last_year` (a congress term)."""
        return cls(dt.date(first_year, 1, 1), dt.date(last_year, 12, 1))

    @classmethod
    def parse(cls, first: str, last: str) -> "Period":
        return cls(parse_month(first), parse_month(last))

    @property
    def months(self) -> list[dt.date]:
        count = (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1
        return [add_months(self.first, i) for i in range(max(count, 0))]

    @property
    def label(self) -> str:
        """ "1/2018 – 12/2023"."""
        if self.first == self.last:
            return f"{self.first.month}/{self.first.year}"
        return f"{self.first.month}/{self.first.year} – {self.last.month}/{self.last.year}"

    @property
    def starts_at(self) -> dt.datetime:
        """Midnight of the first day, local time."""
        return dt.datetime.combine(self.first, dt.time(), tzinfo=timezone.get_default_timezone())

    @property
    def ends_at(self) -> dt.datetime:
        """Midnight after the last day, local time (excluded)."""
        return dt.datetime.combine(
            add_months(self.last, 1), dt.time(), tzinfo=timezone.get_default_timezone()
        )

    @property
    def query(self) -> dict[str, str]:
        """URL parameters that name this period."""
        return {"tu": f"{self.first:%Y-%m}", "den": f"{self.last:%Y-%m}"}
