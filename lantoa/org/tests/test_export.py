"""Export of a subtree's members to XLSX, and the round trip through the importer."""

import datetime as dt

import pytest
from openpyxl import load_workbook

from lantoa.core.exceptions import PermissionDenied
from lantoa.core.models import AuditLogEntry
from lantoa.org.choices import Gender, MemberStatus
from lantoa.org.exporting import HEADERS, member_export_xlsx
from lantoa.org.importing.processing import member_import_file
from lantoa.org.models import Member
from lantoa.org.tests.factories import MemberFactory
from lantoa.org.tests.import_files import good_rows, officer_at, write_csv


@pytest.fixture
def officer(tree):
    return officer_at(tree.unit)


def _sheet(path):
    return [list(row) for row in load_workbook(path).active.iter_rows(values_only=True)]


def test_exports_the_subtree_the_actor_may_see(tree, officer, tmp_path):
    MemberFactory(
        unit=tree.unit, full_name="Nguyễn Văn An", employee_code="NV001", phone="+84912345678",
        email="an@example.vn", gender=Gender.MALE, date_of_birth=dt.date(1985, 3, 15),
        join_date=dt.date(2010, 6, 1), status=MemberStatus.ACTIVE,
    )  # fmt: skip
    MemberFactory(unit=tree.grandchild, full_name="Lê Thị Bé", employee_code="NV002", phone="")
    MemberFactory(unit=tree.sibling, employee_code="NV003")
    MemberFactory(unit=tree.parent, employee_code="NV004")
    out = tmp_path / "out.xlsx"

    count = member_export_xlsx(actor=officer, unit=tree.unit, out=out)

    rows = _sheet(out)
    assert count == 2
    assert rows[0] == HEADERS
    assert rows[1] == [
        "Nguyễn Văn An", "Nam", dt.datetime(1985, 3, 15), "NV001", "+84912345678",  # noqa: DTZ001
        "an@example.vn", "KVT", dt.datetime(2010, 6, 1), "Đang sinh hoạt", "CĐCS Khí Vũng Tàu",  # noqa: DTZ001
    ]  # fmt: skip
    assert rows[2][0] == "Lê Thị Bé"
    assert rows[2][6] == "KVT-KC-1"
    assert len(rows) == 3
    entry = AuditLogEntry.objects.get(action="org.member_export")
    assert (entry.actor, entry.unit_path, entry.data) == (
        officer, tree.unit.path, {"unit": "KVT", "members": 2},
    )  # fmt: skip


def test_dates_are_real_date_cells_in_vietnamese_order(tree, officer, tmp_path):
    MemberFactory(unit=tree.unit, date_of_birth=dt.date(1990, 1, 2))
    out = tmp_path / "out.xlsx"

    member_export_xlsx(actor=officer, unit=tree.unit, out=out)

    cell = load_workbook(out).active["C2"]
    assert (cell.is_date, cell.number_format) == (True, "DD/MM/YYYY")


def test_refuses_a_unit_out_of_scope(tree, officer, tmp_path):
    with pytest.raises(PermissionDenied):
        member_export_xlsx(actor=officer, unit=tree.parent, out=tmp_path / "out.xlsx")

    assert not (tmp_path / "out.xlsx").exists()
    assert not AuditLogEntry.objects.exists()


def test_text_that_looks_like_a_formula_stays_text(tree, officer, tmp_path):
    MemberFactory(unit=tree.unit, full_name='=HYPERLINK("http://x.invalid","Bấm")')
    out = tmp_path / "out.xlsx"

    member_export_xlsx(actor=officer, unit=tree.unit, out=out)

    cell = load_workbook(out).active["A2"]
    # Neutralised as OWASP advises (the importer drops the apostrophe again).
    assert (cell.value, cell.data_type) == ('\'=HYPERLINK("http://x.invalid","Bấm")', "s")


def test_export_then_reimport_changes_nothing(tree, officer, tmp_path):
    rows = [*good_rows("KVT"), *good_rows("KVT-KC-1")]
    for index, row in enumerate(rows[3:], start=4):
        row[3] = f"NV00{index}"
    member_import_file(path=write_csv(tmp_path / "in.csv", rows), actor=officer)
    before = list(Member.objects.order_by("pk").values())
    out = tmp_path / "out.xlsx"
    assert member_export_xlsx(actor=officer, unit=tree.unit, out=out) == 6

    result = member_import_file(path=out, actor=officer)

    assert (result.rows, result.created, result.updated, result.unchanged) == (6, 0, 0, 6)
    assert result.errors == []
    assert result.ignored_columns == ["Tên đơn vị"]
    assert list(Member.objects.order_by("pk").values()) == before
