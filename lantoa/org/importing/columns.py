"""Which column of a member list holds which field.

Union offices keep member lists in spreadsheets whose headers vary from office
to office ("Họ và tên", "Họ tên", "HỌ VÀ TÊN (*)", "Mã NV", "SĐT"…). Headers are
compared after folding diacritics and case and dropping punctuation and
parenthesised hints, so that every spelling of the same header matches.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from lantoa.core.exceptions import InvalidInput
from lantoa.core.text import fold_diacritics


class ImportFileError(InvalidInput):
    """The file as a whole cannot be imported (wrong type, no header, bad mapping)."""

    code = "invalid_import_file"
    default_message = "Không đọc được tệp danh sách đoàn viên."


# Field → the header the exporter writes. The importer recognises every one of
# these, so an exported file imports back unchanged.
EXPORT_HEADERS: dict[str, str] = {
    "full_name": "Họ và tên",
    "gender": "Giới tính",
    "date_of_birth": "Ngày sinh",
    "employee_code": "Mã nhân viên",
    "phone": "Số điện thoại",
    "email": "Email",
    "unit_code": "Mã đơn vị",
    "join_date": "Ngày vào công đoàn",
    "status": "Trạng thái",
}

# Lists from HR systems often split the name into "Họ và tên đệm" + "Tên";
# the two parts are joined into the full name.
FIELD_LABELS: dict[str, str] = {
    **EXPORT_HEADERS,
    "family_name": "Họ và tên đệm",
    "given_name": "Tên",
}

FIELDS: tuple[str, ...] = tuple(FIELD_LABELS)

_ALIASES: dict[str, tuple[str, ...]] = {
    "full_name": (
        "ho va ten", "ho ten", "ho va ten doan vien", "ho ten doan vien", "ten doan vien",
        "full name", "fullname", "name",
    ),
    "family_name": (
        "ho", "ho dem", "ho va ten dem", "ho va dem", "ho va chu dem", "ho lot",
        "family name", "last name", "surname",
    ),
    "given_name": ("ten", "given name", "first name"),
    "gender": ("gioi tinh", "gender", "sex"),
    "date_of_birth": (
        "ngay sinh", "ngay thang nam sinh", "sinh ngay", "date of birth", "birth date",
        "birthday", "dob",
    ),
    "employee_code": (
        "ma nhan vien", "ma nv", "ma so nhan vien", "ma doan vien", "ma so doan vien",
        "employee code", "employee id", "employee no", "employee number",
    ),
    "phone": (
        "so dien thoai", "dien thoai", "sdt", "so dt", "dt", "dien thoai di dong",
        "so di dong", "di dong", "phone", "phone number", "mobile",
    ),
    "email": ("email", "e mail", "dia chi email", "thu dien tu", "mail"),
    "unit_code": (
        "ma don vi", "don vi", "ma cong doan", "ma cong doan co so", "unit", "unit code",
    ),
    "join_date": (
        "ngay vao cong doan", "ngay ket nap", "ngay ket nap cong doan", "ngay vao cd",
        "ngay gia nhap cong doan", "join date", "joined", "joined on", "union join date",
    ),
    "status": ("trang thai", "tinh trang", "trang thai sinh hoat", "status"),
}  # fmt: skip

_PARENTHESISED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def header_key(text: Any) -> str:
    """ "HỌ VÀ TÊN (*)" → "ho va ten"; "Mã NV:" → "ma nv"; "E-mail" → "e mail"."""
    if text is None:
        return ""
    folded = fold_diacritics(_PARENTHESISED.sub(" ", str(text))).casefold()
    return _NON_ALNUM.sub(" ", folded).strip()


HEADER_FIELDS: dict[str, str] = {
    header_key(alias): name for name, aliases in _ALIASES.items() for alias in aliases
}
for _name, _label in FIELD_LABELS.items():
    HEADER_FIELDS.setdefault(header_key(_label), _name)
    HEADER_FIELDS.setdefault(header_key(_name), _name)  # "full_name", "unit_code", …

IGNORE = ""  # a mapping target that means "leave this column out"


def parse_mapping(items: Iterable[str]) -> dict[str, str]:
    """["Cột X=full_name", "Ghi chú="] → {"Cột X": "full_name", "Ghi chú": ""}.

    The target is a field name (full_name, unit_code, …) or one of the headers
    the importer knows ("Họ và tên"); an empty target or "-" ignores the column.
    """
    mapping: dict[str, str] = {}
    for item in items:
        header, sep, target = str(item).rpartition("=")
        if not sep or not header.strip():
            raise ImportFileError(
                f"Ánh xạ cột không hợp lệ: «{item}» (cần dạng «Tên cột=tên trường»)."
            )
        mapping[header.strip()] = resolve_target(target)
    return mapping


def resolve_target(target: str) -> str:
    target = str(target).strip()
    if target in ("", "-"):
        return IGNORE
    if target in FIELD_LABELS:
        return target
    by_header = HEADER_FIELDS.get(header_key(target))
    if by_header:
        return by_header
    raise ImportFileError(f"Không có trường «{target}»; các trường là: {', '.join(FIELDS)}.")


@dataclass
class ColumnMap:
    """Where each field sits in the rows (0-based), read from the header row."""

    header_row: int  # 1-based row number of the header in the file
    headers: list[str]
    columns: dict[str, int] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)

    def label(self, name: str) -> str:
        """The header as written in the file, for error reports."""
        index = self.columns.get(name)
        if index is None:
            return FIELD_LABELS[name]
        return self.headers[index]

    @property
    def has_name(self) -> bool:
        return "full_name" in self.columns or "given_name" in self.columns


def map_header(
    cells: Sequence[Any], header_row: int, mapping: Mapping[str, str] | None = None
) -> ColumnMap:
    """Map one candidate header row; raise when two columns claim one field."""
    explicit = {header_key(k): v for k, v in (mapping or {}).items()}
    headers = ["" if c is None else " ".join(str(c).split()) for c in cells]
    result = ColumnMap(header_row=header_row, headers=headers)
    for index, header in enumerate(headers):
        key = header_key(header)
        if not key:
            continue
        name = explicit[key] if key in explicit else HEADER_FIELDS.get(key)
        if not name:
            result.ignored.append(header)
            continue
        if name in result.columns:
            other = headers[result.columns[name]]
            raise ImportFileError(
                f"Hai cột «{other}» và «{header}» cùng là «{FIELD_LABELS[name]}»: "
                "hãy xoá hoặc đổi tên một cột, hoặc chỉ rõ ánh xạ cột."
            )
        result.columns[name] = index
    return result


def find_header(
    rows: Sequence[tuple[int, Sequence[Any]]], mapping: Mapping[str, str] | None = None
) -> ColumnMap | None:
    """The first row that names at least two fields, one of them the name or the
    employee code. Lists often start with a title block ("DANH SÁCH ĐOÀN VIÊN…")."""
    for number, cells in rows:
        try:
            candidate = map_header(cells, number, mapping)
        except ImportFileError:
            if _looks_like_header(cells, mapping):
                raise
            continue
        if len(candidate.columns) >= 2 and (
            candidate.has_name or "employee_code" in candidate.columns
        ):
            return candidate
    return None


def _looks_like_header(cells: Sequence[Any], mapping: Mapping[str, str] | None) -> bool:
    explicit = {header_key(k) for k in (mapping or {})}
    keys = [header_key(c) for c in cells]
    return sum(1 for k in keys if k and (k in HEADER_FIELDS or k in explicit)) >= 2


def check_mapping_used(columns: ColumnMap, mapping: Mapping[str, str] | None) -> None:
    """Every explicitly mapped column must exist: a typo should not pass silently."""
    present = {header_key(h) for h in columns.headers}
    for header in mapping or {}:
        if header_key(header) not in present:
            raise ImportFileError(f"Tệp không có cột «{header}» được nêu trong ánh xạ cột.")
