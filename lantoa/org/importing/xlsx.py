"""A lean streaming reader for the active worksheet of an XLSX file.

openpyxl reads the workbook's structure (content types, sheets, the styles
that make a number a date, the 1900/1904 epoch); the rows themselves are read
here with expat and the same cell rules as openpyxl's read-only parser.
openpyxl's row parser builds an object per cell and, for files without a
<dimension> (openpyxl's write-only files, our own exports), parses the whole
sheet once more before the first row: 60,000 rows took ~30 s, against a few
seconds here, and the import's whole budget is 60 s.

Documents with a DTD are refused, so entity expansion (billion laughs,
external entities) cannot happen; spreadsheets never carry one.
"""

import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"')
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
MAX_COLUMNS = 16384  # Excel's limit; a bogus reference beyond it is ignored
# Memory stays bounded whatever the file holds (checked while streaming):
MAX_CELL_CHARS = 32767  # Excel's own limit for one cell
MAX_SHARED_CHARS = 50_000_000  # all shared strings together
MAX_PART_BYTES = 16 << 20  # a part openpyxl reads whole (workbook, styles)
_CHUNK = 1 << 16


class BrokenWorkbook(Exception):
    """Anything that stops the workbook from being read."""


class TooLarge(BrokenWorkbook):
    """A cell, the shared strings or a structural part exceed the limits."""


class Formula(str):
    """A cell holding a formula (its text, without "="): imports take values,
    and a formula's cached result may be stale or absent."""


def _too_long() -> TooLarge:
    return TooLarge(
        f"Có ô dài quá {MAX_CELL_CHARS:,} ký tự (giới hạn của Excel).".replace(",", ".")
    )


def _unescape(text: str) -> str:
    """OOXML writes control characters as _xHHHH_ ("_x000D_" for CR)."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _local(name: str) -> str:
    """ "x:row" → "row": some generators prefix the spreadsheetml namespace."""
    return name.rpartition(":")[2]


def _refuse_dtd(*args: object) -> None:
    raise BrokenWorkbook("DTD in a workbook part")


def _parser() -> Any:
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    return parser


def _parse(source: IO[bytes], parser: Any, drain: Callable[[], Iterator[Any]]) -> Iterator[Any]:
    """Feed `source` to `parser` chunk by chunk, yielding what the handlers
    collected after each chunk (expat pushes; this turns it into a stream)."""
    while True:
        chunk = source.read(_CHUNK)
        try:
            parser.Parse(chunk, not chunk)
        except expat.ExpatError as exc:
            raise BrokenWorkbook(str(exc)) from exc
        yield from drain()
        if not chunk:
            return


@contextmanager
def open_first_sheet(
    path: str | Path,
) -> Iterator[tuple[Iterator[tuple[int, list[Any]]], int | None]]:
    """(rows, declared row count) of the active worksheet; raise BrokenWorkbook."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet
    from openpyxl.xml.constants import SHARED_STRINGS

    with open(path, "rb") as fh:
        try:
            _check_parts(fh)
            reader = ExcelReader(fh, read_only=True, data_only=True)
            reader.read_manifest()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            targets = [
                rel.target
                for _, rel in reader.parser.find_sheets()
                if "worksheet" in rel.Type and rel.target in reader.valid_files
            ]
            if not targets:
                raise BrokenWorkbook("no worksheet")
            active = reader.wb._active_sheet_index
            target = targets[active] if 0 <= active < len(targets) else targets[0]
            shared = reader.package.find(SHARED_STRINGS)
            strings = _shared_strings(reader.archive, shared.PartName[1:]) if shared else []
            rules = _CellRules(
                strings=strings,
                dates=set(reader.wb._date_formats) - set(reader.wb._timedelta_formats),
                epoch=reader.wb.epoch,
            )
            total = _declared_rows(reader.archive, target)
        except BrokenWorkbook:
            raise
        except Exception as exc:
            raise BrokenWorkbook(str(exc)) from exc
        try:
            with reader.archive.open(target) as source:
                yield _rows(source, rules), total
        finally:
            reader.archive.close()


def _check_parts(fh: IO[bytes]) -> None:
    """Refuse structural parts that openpyxl would read whole when they are
    huge once inflated (worksheets and shared strings are streamed)."""
    try:
        archive = zipfile.ZipFile(fh)
    except zipfile.BadZipFile as exc:
        raise BrokenWorkbook(str(exc)) from exc
    for info in archive.infolist():
        streamed = info.filename.startswith("xl/worksheets/") or info.filename.endswith(
            "sharedStrings.xml"
        )
        if not streamed and info.file_size > MAX_PART_BYTES:
            raise TooLarge(f"Phần «{info.filename}» của tệp quá lớn.")
    fh.seek(0)


class _TextCollector:
    """Text of <si>/<is>: plain <t> and rich-text runs' <t>, but not the
    phonetic guides (<rPh>), which are not part of the value."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.collecting = False
        self.phonetic = 0

    def add(self, chunk: str) -> None:
        self.size += len(chunk)
        if self.size > MAX_CELL_CHARS:
            raise _too_long()
        self.parts.append(chunk)

    def start(self, tag: str) -> None:
        if tag == "t" and not self.phonetic:
            self.collecting = True
        elif tag == "rPh":
            self.phonetic += 1

    def end(self, tag: str) -> None:
        if tag == "t":
            self.collecting = False
        elif tag == "rPh":
            self.phonetic -= 1

    def text(self) -> str:
        value = _unescape("".join(self.parts))
        self.parts, self.size = [], 0
        return value


def _shared_strings(archive: zipfile.ZipFile, name: str) -> list[str]:
    strings: list[str] = []
    text = _TextCollector()
    parser = _parser()
    total = [0]

    def start(name: str, attrs: dict[str, str]) -> None:
        text.start(_local(name))

    def end(name: str) -> None:
        tag = _local(name)
        if tag == "si":
            value = text.text()
            total[0] += len(value)
            if total[0] > MAX_SHARED_CHARS:
                raise TooLarge("Tệp có quá nhiều chữ.")
            strings.append(value)
        else:
            text.end(tag)

    def data(chunk: str) -> None:
        if text.collecting:
            text.add(chunk)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    with archive.open(name) as source:
        for _ in _parse(source, parser, lambda: iter(())):
            pass
    return strings


def _declared_rows(archive: zipfile.ZipFile, name: str) -> int | None:
    """The row count from <dimension>, which comes before the data when present."""
    with archive.open(name) as source:
        match = _DIMENSION.search(source.read(4096))
    return int(match.group(1)) if match else None


class _CellRules:
    def __init__(self, *, strings: list[str], dates: set[int], epoch: datetime) -> None:
        self.strings = strings
        self.dates = {str(style) for style in dates}
        self.epoch = epoch

    def value(self, kind: str, style: str | None, raw: str | None, inline: str | None) -> Any:
        if kind == "inlineStr":
            return inline
        if raw is None or raw == "":
            return None
        try:
            if kind == "s":
                index = int(raw)
                return self.strings[index] if 0 <= index < len(self.strings) else None
            if kind == "n":
                return self._number(raw, style)
            if kind == "d":
                return datetime.fromisoformat(raw)
        except ValueError:
            return raw  # not what the type says: validation reports the text
        if kind == "b":
            return raw == "1"
        return _unescape(raw)  # "str" (a formula's text), "e" (#N/A…)

    def _number(self, raw: str, style: str | None) -> Any:
        from openpyxl.utils.datetime import from_excel

        number: int | float = float(raw) if any(c in raw for c in ".eEN") else int(raw)
        if style in self.dates:
            try:
                return from_excel(number, self.epoch)
            except (OverflowError, ValueError):
                return number
        return number


def _column(reference: str) -> int:
    """0-based column of "AB12" (28 − 1 = 27)."""
    column = 0
    for char in reference:
        if "A" <= char <= "Z":
            column = column * 26 + ord(char) - 64
        else:
            break
    return column - 1


class _SheetHandler:
    """expat callbacks that turn <row>/<c> elements into lists of values."""

    def __init__(self, rules: _CellRules) -> None:
        self.rules = rules
        self.done: list[tuple[int, list[Any]]] = []
        self.number = 0
        self.values: list[Any] = []
        self.kind = "n"
        self.style: str | None = None
        self.ref: str | None = None
        self.raw: list[str] | None = None
        self.inline: _TextCollector | None = None
        self.collect_value = False
        self.raw_size = 0
        self.formula: list[str] | None = None
        self.collect_formula = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = _local(name)
        if tag == "c":
            self.ref, self.kind, self.style = attrs.get("r"), attrs.get("t", "n"), attrs.get("s")
            self.raw, self.inline, self.formula = None, None, None
        elif tag == "v":
            self.raw, self.collect_value, self.raw_size = [], True, 0
        elif tag == "f":
            self.formula, self.collect_formula, self.raw_size = [], True, 0
        elif tag == "is":
            self.inline = _TextCollector()
        elif self.inline is not None:
            self.inline.start(tag)
        elif tag == "row":
            ref = attrs.get("r")
            self.number = int(ref) if ref and ref.isdigit() else self.number + 1
            self.values = []

    def end(self, name: str) -> None:
        tag = _local(name)
        if tag == "v":
            self.collect_value = False
        elif tag == "f":
            self.collect_formula = False
        elif tag == "c":
            self._cell()
        elif tag == "row":
            self.done.append((self.number, self.values))
        elif self.inline is not None:
            self.inline.end(tag)

    def data(self, chunk: str) -> None:
        if self.collect_value and self.raw is not None:
            self._count(chunk)
            self.raw.append(chunk)
        elif self.collect_formula and self.formula is not None:
            self._count(chunk)
            self.formula.append(chunk)
        elif self.inline is not None and self.inline.collecting:
            self.inline.add(chunk)

    def _count(self, chunk: str) -> None:
        self.raw_size += len(chunk)
        if self.raw_size > MAX_CELL_CHARS:
            raise _too_long()

    def _cell(self) -> None:
        values = self.values
        index = _column(self.ref) if self.ref else len(values)
        inline = self.inline.text() if self.inline is not None else None
        self.inline = None
        if not 0 <= index < MAX_COLUMNS:
            return
        raw = "".join(self.raw) if self.raw is not None else None
        if self.formula is not None:
            value: Any = Formula("".join(self.formula))
        else:
            value = self.rules.value(self.kind, self.style, raw, inline)
        if index >= len(values):
            values.extend([None] * (index - len(values)))
            values.append(value)
        else:
            values[index] = value

    def drain(self) -> Iterator[tuple[int, list[Any]]]:
        done, self.done = self.done, []
        return iter(done)


def _rows(source: IO[bytes], rules: _CellRules) -> Iterator[tuple[int, list[Any]]]:
    handler = _SheetHandler(rules)
    parser = _parser()
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.data
    try:
        yield from _parse(source, parser, handler.drain)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, OverflowError) as exc:
        raise BrokenWorkbook(str(exc)) from exc
