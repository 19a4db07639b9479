"""Turning one spreadsheet row into clean member fields, or into row errors.

Every message is in Vietnamese and names what is wrong with the value as the
officer typed it; every error also carries a stable `code` for programs.
Cells may hold anything a spreadsheet can hold (text, numbers, dates, nothing,
formulas without a cached value), and no value makes the cleaner raise.
"""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from lantoa.core.phones import InvalidPhone, normalize_phone
from lantoa.core.text import search_key
from lantoa.org.choices import Gender, MemberStatus
from lantoa.org.importing.columns import FIELD_LABELS, ColumnMap
from lantoa.org.importing.xlsx import Formula

# Model fields the importer can set (besides the unit).
MEMBER_FIELDS = (
    "full_name", "gender", "date_of_birth", "employee_code", "phone", "email",
    "join_date", "status",
)  # fmt: skip
MAX_LENGTHS = {"full_name": 128, "employee_code": 32, "email": 254, "unit_code": 64}

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# C0/C1 control characters and lone surrogates: no name, code or address
# legitimately contains them, and databases refuse some (PostgreSQL: NUL).
_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_DMY = re.compile(
    r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_YMD = re.compile(
    r"(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
MIN_YEAR, MAX_YEAR = 1900, 2100

GENDERS: dict[str, str] = {
    **{search_key(str(label)): value for value, label in Gender.choices if value},
    "male": Gender.MALE, "m": Gender.MALE,
    "female": Gender.FEMALE, "f": Gender.FEMALE,
    "other": Gender.OTHER,
}  # fmt: skip
STATUSES: dict[str, str] = {
    **{search_key(str(label)): value for value, label in MemberStatus.choices},
    "sinh hoat": MemberStatus.ACTIVE, "hoat dong": MemberStatus.ACTIVE,
    "dang hoat dong": MemberStatus.ACTIVE, "active": MemberStatus.ACTIVE,
    "tam dung": MemberStatus.SUSPENDED, "tam ngung": MemberStatus.SUSPENDED,
    "tam ngung sinh hoat": MemberStatus.SUSPENDED, "suspended": MemberStatus.SUSPENDED,
    "ra khoi to chuc": MemberStatus.LEFT, "left": MemberStatus.LEFT,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in one cell (or row) of the file; `row` is as Excel numbers it."""

    row: int
    column: str
    code: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "code": self.code, "message": self.message}


@dataclass(slots=True)
class MemberRow:
    """A row whose own cells are valid; the unit and the upsert are resolved later.

    `values` holds the model fields the file has columns for; `status` is None
    when the cell is empty (an existing member keeps theirs, a new one is active).
    """

    row: int
    values: dict[str, Any]
    unit_ref: str


class InvalidCell(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def cell_text(value: Any) -> str:
    """A cell as text: whole floats lose their ".0" (codes and phones typed into
    numeric cells), dates print as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0):
            return f"{value:%d/%m/%Y}"
        return value.strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def shown(value: Any, limit: int = 40) -> str:
    """The value for a message: one line, no control characters, shortened."""
    text = " ".join(_FORBIDDEN.sub("\ufffd", cell_text(value)).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clean_text(value: Any, name: str) -> str:
    """NFC, single spaces, no invisible or control characters; "" when empty."""
    text = unicodedata.normalize("NFC", value if isinstance(value, str) else cell_text(value))
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
    text = " ".join(text.split())
    if _FORBIDDEN.search(text):
        raise InvalidCell("invalid_characters", f"{FIELD_LABELS[name]} chứa ký tự không hợp lệ.")
    limit = MAX_LENGTHS.get(name)
    if limit and len(text) > limit:
        raise InvalidCell("too_long", f"{FIELD_LABELS[name]} dài quá {limit} ký tự.")
    return text


def parse_date(value: Any, name: str, *, today: date) -> date | None:
    """A real Excel date cell, or text as dd/mm/yyyy, d/m/yyyy or yyyy-mm-dd."""
    label = FIELD_LABELS[name]
    parsed: date | None
    if isinstance(value, datetime):
        parsed = value.date()
    elif isinstance(value, date):
        parsed = value
    else:
        # A bare number is not taken for a date: "1985" is a year, not Excel's
        # day 1985 (1905-06-07), and guessing would store wrong birthdays.
        text = "" if isinstance(value, int | float) else clean_text(value, name)
        if not text and not isinstance(value, int | float):
            return None
        parsed = _parse_date_text(text)
    if parsed is None:
        raise InvalidCell(
            "invalid_date",
            f"{label} không hợp lệ: «{shown(value)}» (cần dạng ngày/tháng/năm, ví dụ 25/12/1990).",
        )
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise InvalidCell("invalid_date", f"{label} không hợp lệ: «{shown(value)}».")
    if parsed > today:
        raise InvalidCell("future_date", f"{label} ở tương lai: «{shown(value)}».")
    return parsed


def _parse_date_text(text: str) -> date | None:
    if match := _DMY.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _YMD.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def clean_phone(value: Any) -> str:
    text = clean_text(value, "phone").lstrip("'")
    message = f"Số điện thoại không hợp lệ: «{shown(value)}»."
    if len(text) > 32:
        raise InvalidCell("invalid_phone", message)
    try:
        return normalize_phone(text)
    except InvalidPhone as exc:
        raise InvalidCell("invalid_phone", message) from exc


def clean_email(value: Any) -> str:
    text = clean_text(value, "email").lower()
    if text:
        try:
            validate_email(text)
        except ValidationError as exc:
            raise InvalidCell("invalid_email", f"E-mail không hợp lệ: «{shown(value)}».") from exc
    return text


def clean_choice(value: Any, name: str, choices: dict[str, str], hint: str) -> str | None:
    text = clean_text(value, name)
    if not text:
        return None
    key = _CHOICE_KEYS.get(text)
    if key is None:
        key = search_key(text)
        if len(_CHOICE_KEYS) < 1000:  # a handful of spellings recur on every row
            _CHOICE_KEYS[text] = key
    try:
        return choices[key]
    except KeyError:
        raise InvalidCell(
            f"invalid_{name}", f"{FIELD_LABELS[name]} không hợp lệ: «{shown(value)}» ({hint})."
        ) from None


_CHOICE_KEYS: dict[str, str] = {}
GENDER_HINT = "dùng Nam, Nữ hoặc Khác"
STATUS_HINT = "dùng Đang sinh hoạt, Tạm dừng sinh hoạt hoặc Đã ra khỏi tổ chức"


class RowCleaner:
    """Cleans rows laid out as `columns` says."""

    def __init__(self, columns: ColumnMap, *, today: date) -> None:
        self.columns = columns
        self.today = today
        self.fields = [f for f in MEMBER_FIELDS if f in columns.columns]
        if columns.has_name and "full_name" not in self.fields:
            self.fields.insert(0, "full_name")

    def cell(self, cells: Sequence[Any], name: str) -> Any:
        index = self.columns.columns.get(name)
        if index is None or index >= len(cells):
            return None
        value = cells[index]
        if isinstance(value, Formula):
            raise InvalidCell(
                "formula",
                f"{FIELD_LABELS[name]} là công thức (={shown(str(value))}): hãy dán giá trị "
                "thay cho công thức (Dán đặc biệt → Giá trị) rồi tải lên lại.",
            )
        if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in "=+-@":
            # What our exports (and OWASP's advice) put before a formula sign.
            return value[1:]
        return value

    def is_blank(self, cells: Sequence[Any]) -> bool:
        return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)

    def clean(self, number: int, cells: Sequence[Any]) -> tuple[MemberRow | None, list[RowError]]:
        values: dict[str, Any] = {}
        errors: list[RowError] = []

        def fail(name: str, exc: InvalidCell) -> None:
            errors.append(RowError(number, self.columns.label(name), exc.code, exc.message))

        for name in self.fields:
            try:
                values[name] = self._clean_field(cells, name)
            except InvalidCell as exc:
                fail(name, exc)
        for name in ("full_name", "employee_code"):
            if name in values and not values[name]:
                fail(name, _missing(name))
        unit_ref = ""
        try:
            unit_ref = clean_text(self.cell(cells, "unit_code"), "unit_code")
        except InvalidCell as exc:
            fail("unit_code", exc)
        if errors:
            return None, errors
        return MemberRow(row=number, values=values, unit_ref=unit_ref), []

    def _clean_field(self, cells: Sequence[Any], name: str) -> Any:
        value = self.cell(cells, name)
        if name == "full_name":
            if "full_name" in self.columns.columns:
                return clean_text(value, name)
            family = clean_text(self.cell(cells, "family_name"), "family_name")
            given = clean_text(self.cell(cells, "given_name"), "given_name")
            return clean_text(f"{family} {given}", name)
        if name in ("date_of_birth", "join_date"):
            return parse_date(value, name, today=self.today)
        if name == "phone":
            return clean_phone(value)
        if name == "email":
            return clean_email(value)
        if name == "gender":
            return clean_choice(value, name, GENDERS, GENDER_HINT) or Gender.UNKNOWN
        if name == "status":
            return clean_choice(value, name, STATUSES, STATUS_HINT)
        return clean_text(value, name)


def _missing(name: str) -> InvalidCell:
    return InvalidCell(
        "required", f"Thiếu {FIELD_LABELS[name][0].lower()}{FIELD_LABELS[name][1:]}."
    )


def missing_unit_error(number: int, columns: ColumnMap) -> RowError:
    exc = _missing("unit_code")
    return RowError(number, columns.label("unit_code"), exc.code, exc.message)
