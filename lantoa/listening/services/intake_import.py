"""Intake plug-in: opinions from a spreadsheet (CSV or XLSX), such as the minutes
of a dialogue with workers, with a per-row report in Vietnamese.

Columns are found by their header (case, marks and punctuation ignored), which
may sit below a title block: «Nội dung» or «Ý kiến» (required), «Ngày», «Mã
đơn vị», «Nguồn». Files are read by `org.importing.readers` (encoding and kind
detected from the bytes, XLSX streamed).

All or nothing by default: one invalid row and nothing is stored, so an
officer fixes the file and uploads it again; `skip_invalid` stores the valid
rows. Rows are stored first, as opinions; analysis follows in the background.

Idempotent: an opinion's key is a digest of its unit, day and text (and how
many times that same text occurs that day in the file), so importing the
same minutes twice stores them once.
"""

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lantoa.core.actors import Actor
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import InvalidInput
from lantoa.core.text import normalize_nfc, search_key
from lantoa.listening.choices import ListeningAction, OpinionSource
from lantoa.listening.models import Opinion
from lantoa.listening.services.intake import MAX_TEXT, opinions_ingest_many
from lantoa.org.choices import Perm
from lantoa.org.importing.columns import header_key
from lantoa.org.importing.readers import open_table
from lantoa.org.importing.validation import cell_text
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import user_can

MAX_ROWS = 50_000
HEADER_SEARCH_ROWS = 20
MIN_YEAR = 2000
KEY_PREFIX = "import:"

HEADERS: dict[str, tuple[str, ...]] = {
    "text": (
        "noi dung", "y kien", "noi dung y kien", "y kien kien nghi", "kien nghi",
        "noi dung kien nghi", "y kien de xuat", "phan anh", "noi dung phan anh",
        "gop y", "noi dung gop y", "text", "opinion", "comment",
    ),
    "date": ("ngay", "ngay thang", "ngay ghi nhan", "thoi gian", "thoi diem", "date"),
    "unit": ("ma don vi", "don vi", "ma cong doan", "unit", "unit code"),
    "source": ("nguon", "nguon y kien", "hinh thuc", "source"),
}  # fmt: skip
COLUMN_BY_HEADER = {alias: name for name, aliases in HEADERS.items() for alias in aliases}

# «Nguồn» values recognised beyond the choices' own values and labels; anything
# else (a free description such as «Hội nghị người lao động») counts as import.
SOURCE_ALIASES = {
    "khao sat": OpinionSource.SURVEY,
    "phieu khao sat": OpinionSource.SURVEY,
    "website": OpinionSource.WEBSITE_FEEDBACK,
    "trang thong tin": OpinionSource.WEBSITE_FEEDBACK,
    "can bo": OpinionSource.MANUAL,
    "truc tiep": OpinionSource.MANUAL,
}

_DATE = re.compile(
    r"(?:(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})|(\d{4})-(\d{1,2})-(\d{1,2}))"
    r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?"
)


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based row number in the file, as a spreadsheet shows it
    message: str

    def __str__(self) -> str:
        return f"Dòng {self.row}: {self.message}"


@dataclass
class ImportReport:
    rows: int = 0  # rows with something in them, below the header
    valid: int = 0
    created: int = 0
    existing: int = 0  # valid rows already imported before
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    applied: bool = False  # whether anything was written

    @property
    def blocked(self) -> bool:
        """Invalid rows kept the valid ones from being stored."""
        return bool(self.errors) and not self.applied and not self.dry_run


class _RowInvalid(ValueError):
    pass


def _find_header(rows: Any) -> tuple[int, dict[str, int]]:
    for number, cells in rows:
        if cells is None:
            continue
        columns: dict[str, int] = {}
        for index, cell in enumerate(cells):
            name = COLUMN_BY_HEADER.get(header_key(cell))
            if name and name not in columns:
                columns[name] = index
        if "text" in columns:
            return number, columns
        if number >= HEADER_SEARCH_ROWS:
            break
    raise InvalidInput(
        "Không tìm thấy dòng tiêu đề có cột «Nội dung» hoặc «Ý kiến» "
        f"trong {HEADER_SEARCH_ROWS} dòng đầu của tệp."
    )


def _cell(cells: Sequence[Any], columns: dict[str, int], name: str) -> Any:
    index = columns.get(name)
    return cells[index] if index is not None and index < len(cells) else None


def _text(value: Any) -> str:
    text = " ".join(normalize_nfc(cell_text(value)).split())
    if not text:
        raise _RowInvalid("thiếu nội dung ý kiến.")
    if len(text) > MAX_TEXT:
        raise _RowInvalid(f"nội dung dài quá {MAX_TEXT} ký tự.")
    return text


def _when(value: Any, *, zone: ZoneInfo, today: date) -> tuple[datetime | None, str]:
    """(aware time, day as ISO text for the key); (None, "") when the cell is empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, ""
    if isinstance(value, datetime):
        moment = value if timezone.is_aware(value) else value.replace(tzinfo=zone)
    elif isinstance(value, date):
        moment = datetime.combine(value, time(0), tzinfo=zone)
    else:
        moment = _parse_when(str(value).strip(), zone)
    local_day = moment.astimezone(zone).date()
    if local_day.year < MIN_YEAR:
        raise _RowInvalid(f"ngày «{cell_text(value)}» quá cũ.")
    if local_day > today:
        raise _RowInvalid(f"ngày «{cell_text(value)}» ở tương lai.")
    return moment, local_day.isoformat()


def _parse_when(text: str, zone: ZoneInfo) -> datetime:
    match = _DATE.fullmatch(text)
    invalid = _RowInvalid(
        f"ngày không hợp lệ: «{text[:40]}» (cần dạng ngày/tháng/năm, ví dụ 25/12/2025)."
    )
    if not match:
        raise invalid
    d, m, y, y2, m2, d2, hh, mm, ss = match.groups()
    try:
        return datetime(
            int(y or y2),
            int(m or m2),
            int(d or d2),
            int(hh or 0),
            int(mm or 0),
            int(ss or 0),
            tzinfo=zone,
        )
    except ValueError:
        raise invalid from None


def _source(value: Any) -> str:
    key = search_key(cell_text(value))
    if not key:
        return OpinionSource.IMPORT
    for choice in OpinionSource:
        if key in (choice.value, search_key(str(choice.label))):
            return choice.value
    return SOURCE_ALIASES.get(key, OpinionSource.IMPORT)


class _Units:
    """Unit codes → units the actor may import for, looked up once per code."""

    def __init__(self, actor: Actor, default: OrgUnit | None) -> None:
        self.actor = actor
        self.default = default
        self.cache: dict[str, OrgUnit | None] = {}

    def get(self, value: Any) -> OrgUnit:
        code = cell_text(value).strip()
        if not code:
            if self.default is None:
                raise _RowInvalid("thiếu mã đơn vị (và chưa chọn đơn vị mặc định).")
            return self.default
        if code not in self.cache:
            self.cache[code] = (
                OrgUnit.objects.filter(code=code).first()
                or OrgUnit.objects.filter(code__iexact=code).first()
            )
        unit = self.cache[code]
        if unit is None:
            raise _RowInvalid(f"không có đơn vị mang mã «{code[:40]}».")
        if not user_can(self.actor, Perm.CONTENT_EDIT, unit):
            raise _RowInvalid(f"đơn vị «{unit.code}» nằm ngoài phạm vi của bạn.")
        return unit


def _key(unit: OrgUnit, day: str, text: str, occurrence: int) -> str:
    digest = hashlib.sha256(f"{unit.pk}|{day}|{search_key(text)}|{occurrence}".encode())
    return f"{KEY_PREFIX}{digest.hexdigest()[:48]}"


def opinions_import_file(
    *,
    actor: Actor,
    path: str | Path,
    default_unit: OrgUnit | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
) -> ImportReport:
    """Read a CSV/XLSX of opinions and store them (see the module docstring).

    A system actor (a command run without --actor) may import for every unit.
    Raises InvalidInput when the file as a whole cannot be read."""
    if default_unit is not None and not user_can(actor, Perm.CONTENT_EDIT, default_unit):
        raise InvalidInput(f"Đơn vị «{default_unit.code}» nằm ngoài phạm vi của bạn.")
    zone = ZoneInfo(settings.TIME_ZONE)
    today = timezone.localdate(timezone=zone)
    report = ImportReport(dry_run=dry_run)
    units = _Units(actor, default_unit)
    seen: Counter[tuple[int, str, str]] = Counter()
    rows: list[dict[str, Any]] = []
    with open_table(path, extra_headers=list(COLUMN_BY_HEADER)) as table:
        header_row, columns = _find_header(table.rows)
        for number, cells in table.rows:
            if cells is None:
                report.rows += 1
                report.errors.append(RowError(number, "không đọc được dòng này."))
                continue
            if not any(cell_text(c).strip() for c in cells):
                continue
            report.rows += 1
            if report.rows > MAX_ROWS:
                raise InvalidInput(f"Tệp có quá {MAX_ROWS} dòng ý kiến; hãy chia nhỏ tệp.")
            try:
                text = _text(_cell(cells, columns, "text"))
                moment, day = _when(_cell(cells, columns, "date"), zone=zone, today=today)
                unit = units.get(_cell(cells, columns, "unit"))
            except _RowInvalid as exc:
                report.errors.append(RowError(number, str(exc)))
                continue
            seen[(unit.pk, day, search_key(text))] += 1
            occurrence = seen[(unit.pk, day, search_key(text))]
            rows.append(
                {
                    "unit": unit,
                    "source": _source(_cell(cells, columns, "source")),
                    "source_key": _key(unit, day, text, occurrence),
                    "text": text,
                    "received_at": moment,
                }
            )
    report.valid = len(rows)
    if dry_run or (report.errors and not skip_invalid) or not rows:
        keys = [r["source_key"] for r in rows]
        report.existing = Opinion.objects.filter(source_key__in=keys).count()
        return report
    with transaction.atomic():
        result = opinions_ingest_many(rows)
        report.created, report.existing = result.created, result.existing
        report.applied = True
        audit_record(
            actor=actor,
            action=ListeningAction.OPINION_IMPORT,
            unit_path=default_unit.path if default_unit else "",
            data={
                "file": Path(path).name,
                "header_row": header_row,
                "created": report.created,
                "existing": report.existing,
                "invalid": len(report.errors),
            },
        )
    return report
