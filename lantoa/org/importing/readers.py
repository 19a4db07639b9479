"""Streaming rows out of member lists in CSV and XLSX, whatever produced them.

The kind of file is read from its content, never trusted from its name. XLSX
rows are parsed as they are read (`xlsx.py`), so memory stays flat however
long the list is. CSV may be UTF-8 (with or without
the BOM Excel adds), UTF-16 (Excel's "Unicode text"), or a legacy Windows code
page: Windows-1258 when the text shows Vietnamese letters or tone marks,
otherwise Windows-1252.
"""

import codecs
import csv
import re
import unicodedata
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from lantoa.org.importing.columns import HEADER_FIELDS, ImportFileError, header_key
from lantoa.org.importing.xlsx import BrokenWorkbook, TooLarge, open_first_sheet

Kind = Literal["csv", "xlsx"]

NOT_A_TABLE = "Tệp không phải bảng tính CSV hay XLSX."
OLD_XLS = "Tệp Excel 97-2003 (.xls) chưa được hỗ trợ: hãy mở và lưu lại dưới dạng .xlsx."
BROKEN_XLSX = "Tệp XLSX bị hỏng hoặc không đọc được."
UNKNOWN_ENCODING = (
    "Không nhận ra bảng mã của tệp CSV: hãy lưu lại dưới dạng «CSV UTF-8 (Comma delimited)»."
)

_CHUNK = 1 << 20
_XLSX_TYPES = (b"spreadsheetml.sheet.main", b"ms-excel.sheet.macroEnabled.main")
# Letters and combining tone marks that Windows-1258 produces for Vietnamese
# and that Western text (Windows-1252 read as 1258) practically never does.
_VIETNAMESE_1258 = re.compile("[đĐăĂơƠưƯ]|[A-Za-zâêôÂÊÔ][\u0300\u0301\u0303\u0309\u0323]")
_DELIMITERS = (",", ";", "\t")
_SNIFF_ROWS = 20

UNREADABLE = None  # a row the CSV parser could not read (e.g. a gigantic cell)


@dataclass
class Table:
    """Rows as (1-based row number, cell values); `total_rows` when the file says."""

    rows: Iterator[tuple[int, Sequence[Any] | None]]
    total_rows: int | None
    kind: Kind
    encoding: str = ""


def sniff(path: str | Path) -> tuple[Kind, str]:
    """("xlsx", "") or ("csv", encoding) from the bytes; raise ImportFileError
    for anything else."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        if _is_xlsx(path):
            return "xlsx", ""
        raise ImportFileError(NOT_A_TABLE)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(OLD_XLS)
    return "csv", detect_encoding(path)


def _is_xlsx(path: str | Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            content_types = archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return False
    return any(kind in content_types for kind in _XLSX_TYPES)


def detect_encoding(path: str | Path) -> str:
    """The text encoding of a CSV file; raise ImportFileError for binary data."""
    with open(path, "rb") as fh:
        head = fh.read(4)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        _decode_all(path, "utf-16")
        return "utf-16"
    for encoding in ("utf-8-sig", "cp1258", "cp1252"):
        try:
            signals = _decode_all(path, encoding)
        except UnicodeDecodeError:
            continue
        if encoding != "cp1258" or signals:
            return encoding
    raise ImportFileError(UNKNOWN_ENCODING)


def _decode_all(path: str | Path, encoding: str) -> bool:
    """Decode the whole file strictly, chunk by chunk; True when it reads as
    Vietnamese. NUL characters mean binary data, not a spreadsheet export."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    vietnamese = False
    with open(path, "rb") as fh:
        while True:
            chunk = fh.read(_CHUNK)
            text = decoder.decode(chunk, final=not chunk)
            if "\x00" in text:
                raise ImportFileError(NOT_A_TABLE)
            if not vietnamese and _VIETNAMESE_1258.search(text):
                vietnamese = True
            if not chunk:
                return vietnamese


@contextmanager
def open_table(path: str | Path, extra_headers: Sequence[str] = ()) -> Iterator[Table]:
    """Open a CSV or XLSX member list for streaming. `extra_headers` are the
    headers of an explicit column mapping (they help guess a CSV delimiter)."""
    kind, encoding = sniff(path)
    if kind == "xlsx":
        with _open_xlsx(path) as table:
            yield table
    else:
        with _open_csv(path, encoding, extra_headers) as table:
            yield table


@contextmanager
def _open_xlsx(path: str | Path) -> Iterator[Table]:
    try:
        with open_first_sheet(path) as (rows, total):
            yield Table(rows=_translated(rows), total_rows=total, kind="xlsx")
    except TooLarge as exc:
        raise ImportFileError(str(exc)) from exc
    except BrokenWorkbook as exc:
        raise ImportFileError(BROKEN_XLSX) from exc


def _translated(
    rows: Iterator[tuple[int, list[Any]]],
) -> Iterator[tuple[int, Sequence[Any] | None]]:
    try:
        yield from rows
    except TooLarge as exc:
        raise ImportFileError(str(exc)) from exc
    except BrokenWorkbook as exc:
        raise ImportFileError(BROKEN_XLSX) from exc


@contextmanager
def _open_csv(path: str | Path, encoding: str, extra_headers: Sequence[str]) -> Iterator[Table]:
    with open(path, "rb") as fh:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(_CHUNK), b""))
    with open(path, encoding=encoding, newline="") as fh:
        sample = fh.read(64 * 1024)
        delimiter = _guess_delimiter(sample, extra_headers)
        fh.seek(0)
        yield Table(
            rows=_csv_rows(fh, delimiter, normalize=encoding == "cp1258"),
            total_rows=lines + 1,
            kind="csv",
            encoding=encoding,
        )


def _csv_rows(
    fh: Any, delimiter: str, *, normalize: bool
) -> Iterator[tuple[int, Sequence[Any] | None]]:
    reader = csv.reader(fh, delimiter=delimiter)
    number = 0
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield number, UNREADABLE
            continue
        if normalize:
            # Windows-1258 writes tone marks as separate combining characters.
            cells = [unicodedata.normalize("NFC", c) for c in cells]
        yield number, cells


def _guess_delimiter(sample: str, extra_headers: Sequence[str]) -> str:
    """The delimiter under which the first rows show the most known headers
    (Excel writes ";" instead of "," under some regional settings)."""
    known = set(HEADER_FIELDS) | {header_key(h) for h in extra_headers}
    lines = sample.splitlines()[:_SNIFF_ROWS]
    best, best_score = ",", (0, 0)
    for delimiter in _DELIMITERS:
        score = (0, 0)
        try:
            for cells in csv.reader(lines, delimiter=delimiter):
                hits = sum(1 for c in cells if header_key(c) in known)
                score = max(score, (hits, len(cells)))
        except csv.Error:
            continue
        if score > best_score:
            best, best_score = delimiter, score
    return best
