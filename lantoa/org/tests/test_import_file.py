"""member_import_file: good files, every bad-row message, all-or-nothing,
skip-invalid, idempotence and scope."""

import datetime as dt

import pytest

from lantoa.core.actors import SYSTEM
from lantoa.core.exceptions import PermissionDenied
from lantoa.core.models import AuditLogEntry
from lantoa.org.choices import Gender, MemberStatus, Role
from lantoa.org.importing.columns import ImportFileError
from lantoa.org.importing.processing import member_import_file
from lantoa.org.models import Member
from lantoa.org.tests.factories import MemberFactory, OrgUnitFactory
from lantoa.org.tests.import_files import HEADER, good_rows, officer_at, write_csv, write_xlsx


@pytest.fixture
def officer(tree):
    return officer_at(tree.unit)


def _snapshot():
    return list(
        Member.objects.order_by("employee_code").values_list(
            "employee_code", "full_name", "phone", "unit__code", "status"
        )
    )


@pytest.mark.parametrize("writer", [write_csv, write_xlsx], ids=["csv", "xlsx"])
def test_imports_a_good_file(tree, officer, tmp_path, writer):
    path = writer(tmp_path / f"ds.{writer.__name__[6:]}", good_rows("KVT"))

    result = member_import_file(path=path, actor=officer)

    assert (result.rows, result.created, result.updated, result.unchanged) == (3, 3, 0, 0)
    assert result.errors == []
    assert result.written is True
    an = Member.objects.get(employee_code="NV001")
    assert an.full_name == "Nguyễn Văn An"
    assert an.search_name == "nguyen van an"
    assert an.gender == Gender.MALE
    assert an.date_of_birth == dt.date(1985, 3, 15)
    assert an.phone == "+84912345678"
    assert an.email == "an.nguyen@pvgas.vn"
    assert an.unit == tree.unit
    assert an.join_date == dt.date(2010, 6, 1)
    assert an.status == MemberStatus.ACTIVE
    binh = Member.objects.get(employee_code="NV002")
    assert (binh.gender, binh.date_of_birth, binh.join_date, binh.status) == (
        Gender.FEMALE, dt.date(1990, 7, 2), dt.date(2015, 9, 2), MemberStatus.ACTIVE,
    )  # fmt: skip
    cuong = Member.objects.get(employee_code="NV003")
    assert (cuong.gender, cuong.phone, cuong.join_date, cuong.status) == (
        Gender.OTHER, "", None, MemberStatus.SUSPENDED,
    )  # fmt: skip
    entry = AuditLogEntry.objects.get(action="org.member_import")
    assert entry.actor == officer
    assert entry.unit_path == tree.unit.path
    assert entry.data == {
        "file": path.name, "rows": 3, "created": 3, "updated": 0, "unchanged": 0,
        "invalid": 0, "skip_invalid": False,
    }  # fmt: skip


def test_reads_excel_date_cells_and_numeric_cells(tree, officer, tmp_path):
    path = write_xlsx(
        tmp_path / "ds.xlsx",
        [["Phạm Thu Hà", "nữ", dt.datetime(1992, 4, 30), 10234, 912345678, None, "KVT",  # noqa: DTZ001
          dt.date(2012, 1, 5), None]],
    )  # fmt: skip

    result = member_import_file(path=path, actor=officer)

    assert result.errors == []
    ha = Member.objects.get(employee_code="10234")
    assert (ha.date_of_birth, ha.join_date, ha.phone) == (
        dt.date(1992, 4, 30), dt.date(2012, 1, 5), "+84912345678",
    )  # fmt: skip


def test_recognises_other_header_spellings_and_title_rows(tree, officer, tmp_path):
    path = write_xlsx(
        tmp_path / "ds.xlsx",
        [
            ["DANH SÁCH ĐOÀN VIÊN CÔNG ĐOÀN CƠ SỞ KHÍ VŨNG TÀU"],
            [],
            ["STT", "HỌ TÊN (*)", "Mã NV", "SĐT", "Đơn vị", "Ngày kết nạp", "Ghi chú"],
            [1, "Võ Minh Đức", "NV100", "0903123456", "KVT", "05/05/2005", "tổ trưởng"],
        ],
        header=[],
    )

    result = member_import_file(path=path, actor=officer)

    assert result.errors == []
    assert result.ignored_columns == ["STT", "Ghi chú"]
    duc = Member.objects.get(employee_code="NV100")
    assert (duc.full_name, duc.phone, duc.join_date) == (
        "Võ Minh Đức", "+84903123456", dt.date(2005, 5, 5),
    )  # fmt: skip


def test_joins_split_name_columns(tree, officer, tmp_path):
    path = write_csv(
        tmp_path / "ds.csv",
        [["Nguyễn Thị", "Lan", "NV200", "KVT"]],
        header=["Họ và tên đệm", "Tên", "Mã nhân viên", "Mã đơn vị"],
    )

    member_import_file(path=path, actor=officer)

    assert Member.objects.get(employee_code="NV200").full_name == "Nguyễn Thị Lan"


def test_explicit_mapping_and_default_unit(tree, officer, tmp_path):
    path = write_csv(
        tmp_path / "ds.csv",
        [["Đặng Văn Tú", "X-77", "Tổ 3"]],
        header=["Người lao động", "Số hiệu", "Tổ"],
    )

    result = member_import_file(
        path=path,
        actor=officer,
        default_unit=tree.child,
        mapping={"nguoi lao dong": "full_name", "Số hiệu": "Mã nhân viên", "Tổ": ""},
    )

    assert result.errors == []
    tu = Member.objects.get(employee_code="X-77")
    assert (tu.full_name, tu.unit) == ("Đặng Văn Tú", tree.child)


BAD_ROWS = [
    # (cells by header, column reported, expected message)
    ({"Số điện thoại": "12345"}, "Số điện thoại", "Số điện thoại không hợp lệ: «12345»."),
    ({"Mã đơn vị": "KHONGCO"}, "Mã đơn vị", "Không có đơn vị mang mã «KHONGCO»."),
    ({"Mã đơn vị": "KCM"}, "Mã đơn vị", "Bạn không có quyền nhập đoàn viên vào đơn vị «KCM»."),
    ({"Mã đơn vị": "PVGAS"}, "Mã đơn vị",
     "Bạn không có quyền nhập đoàn viên vào đơn vị «PVGAS»."),
    ({"Ngày sinh": "31/02/1990"}, "Ngày sinh",
     "Ngày sinh không hợp lệ: «31/02/1990» (cần dạng ngày/tháng/năm, ví dụ 25/12/1990)."),
    ({"Ngày sinh": "1985"}, "Ngày sinh",
     "Ngày sinh không hợp lệ: «1985» (cần dạng ngày/tháng/năm, ví dụ 25/12/1990)."),
    ({"Ngày sinh": "01/01/1850"}, "Ngày sinh", "Ngày sinh không hợp lệ: «01/01/1850»."),
    ({"Ngày sinh": "01/01/2099"}, "Ngày sinh", "Ngày sinh ở tương lai: «01/01/2099»."),
    ({"Ngày vào công đoàn": "hôm qua"}, "Ngày vào công đoàn",
     "Ngày vào công đoàn không hợp lệ: «hôm qua» (cần dạng ngày/tháng/năm, ví dụ 25/12/1990)."),
    ({"Họ và tên": ""}, "Họ và tên", "Thiếu họ và tên."),
    ({"Mã nhân viên": "  "}, "Mã nhân viên", "Thiếu mã nhân viên."),
    ({"Mã đơn vị": ""}, "Mã đơn vị", "Thiếu mã đơn vị."),
    ({"Email": "an@@pvgas"}, "Email", "E-mail không hợp lệ: «an@@pvgas»."),
    ({"Giới tính": "Trai"}, "Giới tính",
     "Giới tính không hợp lệ: «Trai» (dùng Nam, Nữ hoặc Khác)."),
    ({"Trạng thái": "Nghỉ hưu"}, "Trạng thái",
     "Trạng thái không hợp lệ: «Nghỉ hưu» (dùng Đang sinh hoạt, Tạm dừng sinh hoạt hoặc "
     "Đã ra khỏi tổ chức)."),
    ({"Họ và tên": "x" * 129}, "Họ và tên", "Họ và tên dài quá 128 ký tự."),
    ({"Mã nhân viên": "NV\x07"}, "Mã nhân viên", "Mã nhân viên chứa ký tự không hợp lệ."),
]  # fmt: skip


@pytest.mark.parametrize(("cells", "column", "message"), BAD_ROWS)
def test_reports_each_bad_row_in_vietnamese(tree, officer, tmp_path, cells, column, message):
    bad = dict(zip(HEADER, good_rows("KVT")[0], strict=True)) | cells
    bad["Mã nhân viên"] = cells.get("Mã nhân viên", "NV009")
    path = write_csv(tmp_path / "ds.csv", [good_rows("KVT")[1], [bad[h] for h in HEADER]])

    result = member_import_file(path=path, actor=officer, dry_run=True)

    assert [(e.row, e.column, e.message) for e in result.errors] == [(3, column, message)]
    assert result.invalid_rows == 1
    assert result.written is False


def test_reports_duplicate_employee_code_against_its_first_row(tree, officer, tmp_path):
    rows = good_rows("KVT")
    rows[2][3] = "NV001"
    path = write_xlsx(tmp_path / "ds.xlsx", rows)

    result = member_import_file(path=path, actor=officer, dry_run=True)

    assert [(e.row, e.column, e.code, e.message) for e in result.errors] == [
        (4, "Mã nhân viên", "duplicate_code", "Mã nhân viên «NV001» trùng với dòng 2."),
    ]


def test_refuses_taking_over_a_member_of_another_unit(tree, officer, tmp_path):
    MemberFactory(unit=tree.sibling, employee_code="NV001", full_name="Người Khác")
    path = write_csv(tmp_path / "ds.csv", good_rows("KVT")[:1])

    result = member_import_file(path=path, actor=officer)

    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (2, "Mã nhân viên", "Đoàn viên mã «NV001» thuộc đơn vị ngoài phạm vi của bạn."),
    ]
    assert Member.objects.get(employee_code="NV001").unit == tree.sibling


def test_all_or_nothing_writes_nothing_when_one_row_is_bad(tree, officer, tmp_path):
    MemberFactory(unit=tree.unit, employee_code="NV002", full_name="Tên Cũ")
    before = _snapshot()
    rows = good_rows("KVT")
    rows[2][4] = "không có số"
    path = write_xlsx(tmp_path / "ds.xlsx", rows)

    result = member_import_file(path=path, actor=officer)

    assert result.blocked is True
    assert (result.created, result.updated, result.invalid_rows) == (1, 1, 1)
    assert result.written is False
    assert _snapshot() == before
    assert Member.objects.count() == 1
    assert not AuditLogEntry.objects.filter(action="org.member_import").exists()


def test_skip_invalid_imports_only_the_valid_rows(tree, officer, tmp_path):
    rows = good_rows("KVT")
    rows[0][4] = "123"
    rows[2][6] = "KCM"
    path = write_csv(tmp_path / "ds.csv", rows)

    result = member_import_file(path=path, actor=officer, skip_invalid=True)

    assert (result.created, result.invalid_rows, result.written) == (1, 2, True)
    assert list(Member.objects.values_list("employee_code", flat=True)) == ["NV002"]
    assert AuditLogEntry.objects.get(action="org.member_import").data["invalid"] == 2


def test_dry_run_writes_nothing(tree, officer, tmp_path):
    path = write_csv(tmp_path / "ds.csv", good_rows("KVT"))

    result = member_import_file(path=path, actor=officer, dry_run=True)

    assert (result.created, result.written) == (3, False)
    assert Member.objects.count() == 0
    assert not AuditLogEntry.objects.exists()


def test_reimport_is_idempotent(tree, officer, tmp_path):
    path = write_xlsx(tmp_path / "ds.xlsx", good_rows("KVT"))
    member_import_file(path=path, actor=officer)
    stamps = dict(Member.objects.values_list("employee_code", "updated_at"))

    again = member_import_file(path=path, actor=officer)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert dict(Member.objects.values_list("employee_code", "updated_at")) == stamps


def test_reimport_updates_changed_rows_and_moves_within_scope(tree, officer, tmp_path):
    member_import_file(path=write_csv(tmp_path / "a.csv", good_rows("KVT")), actor=officer)
    MemberFactory(unit=tree.unit, employee_code="NV900", status=MemberStatus.LEFT)
    rows = good_rows("KVT")
    rows[0][0] = "Nguyễn  Văn   Ân"
    rows[1][6] = "KVT-KC"
    path = write_csv(tmp_path / "b.csv", rows)

    result = member_import_file(path=path, actor=officer)

    assert (result.created, result.updated, result.unchanged) == (0, 2, 1)
    an = Member.objects.get(employee_code="NV001")
    assert (an.full_name, an.search_name) == ("Nguyễn Văn Ân", "nguyen van an")
    assert Member.objects.get(employee_code="NV002").unit == tree.child
    # Members missing from the file are left alone: an import never deletes.
    assert Member.objects.get(employee_code="NV900").status == MemberStatus.LEFT


def test_empty_status_keeps_the_current_status(tree, officer, tmp_path):
    MemberFactory(
        unit=tree.unit, employee_code="NV002", full_name="Trần Thị Bình",
        status=MemberStatus.LEFT,
    )  # fmt: skip
    path = write_csv(tmp_path / "ds.csv", [good_rows("KVT")[1]])

    member_import_file(path=path, actor=officer)

    assert Member.objects.get(employee_code="NV002").status == MemberStatus.LEFT


def test_refuses_an_actor_without_member_change(tree, tmp_path):
    approver = officer_at(tree.unit, role=Role.APPROVER)
    path = write_csv(tmp_path / "ds.csv", good_rows("KVT"))

    with pytest.raises(PermissionDenied):
        member_import_file(path=path, actor=approver)

    assert Member.objects.count() == 0


def test_refuses_a_default_unit_out_of_scope(tree, officer, tmp_path):
    path = write_csv(tmp_path / "ds.csv", [["An", "NV1"]], header=["Họ và tên", "Mã NV"])

    with pytest.raises(PermissionDenied, match="«KCM»"):
        member_import_file(path=path, actor=officer, default_unit=tree.sibling)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (["Mã nhân viên", "Mã đơn vị"], "Tệp thiếu cột «Họ và tên»."),
        (["Họ và tên", "Mã đơn vị"], "Tệp thiếu cột «Mã nhân viên»."),
        (["Họ và tên", "Mã nhân viên"],
         "Tệp không có cột «Mã đơn vị»: hãy chọn đơn vị mặc định cho các dòng."),
        (["Cột 1", "Cột 2"], "Không tìm thấy dòng tiêu đề: tệp cần có ít nhất các cột "
         "«Họ và tên» và «Mã nhân viên» (hoặc chỉ rõ ánh xạ cột)."),
        (["Họ và tên", "Họ tên", "Mã NV"], "Hai cột «Họ và tên» và «Họ tên» cùng là «Họ và tên»: "
         "hãy xoá hoặc đổi tên một cột, hoặc chỉ rõ ánh xạ cột."),
    ],
)  # fmt: skip
def test_refuses_files_missing_required_columns(tree, officer, tmp_path, header, message):
    path = write_csv(tmp_path / "ds.csv", [["a"] * len(header)], header=header)

    with pytest.raises(ImportFileError) as excinfo:
        member_import_file(path=path, actor=officer)

    assert excinfo.value.message == message


def test_superuser_and_cli_operator_may_import_anywhere(tree, tmp_path):
    path = write_csv(tmp_path / "ds.csv", good_rows("BSR"))

    result = member_import_file(path=path, actor=SYSTEM)

    assert result.created == 3
    assert AuditLogEntry.objects.get(action="org.member_import").actor is None
    assert AuditLogEntry.objects.get(action="org.member_import").unit_path == tree.uncle.path


def test_reports_progress(tree, officer, tmp_path):
    calls = []
    path = write_xlsx(tmp_path / "ds.xlsx", good_rows("KVT"))

    member_import_file(path=path, actor=officer, progress=lambda *a: calls.append(a))

    assert calls == [("validate", 3, 3), ("write", 0, 3), ("write", 3, 3)]


def test_resolves_units_by_lower_case_code_or_unique_name(tree, officer, tmp_path):
    OrgUnitFactory(parent=tree.child, code="KVT-KC-2", name="Tổ ca 2")
    OrgUnitFactory(parent=tree.sibling, code="KCM-2", name="Tổ ca 2")
    path = write_csv(
        tmp_path / "ds.csv",
        [["An", "NV1", "kvt-kc"], ["Bình", "NV2", "Tổ ca 1"], ["Cúc", "NV3", "Tổ ca 2"]],
        header=["Họ và tên", "Mã NV", "Đơn vị"],
    )

    result = member_import_file(path=path, actor=officer, dry_run=True)

    assert [(e.row, e.code, e.message) for e in result.errors] == [
        (4, "ambiguous_unit", "Có nhiều đơn vị tên «Tổ ca 2»: hãy dùng mã đơn vị."),
    ]
    result = member_import_file(path=path, actor=officer, skip_invalid=True)
    assert dict(Member.objects.values_list("employee_code", "unit__code")) == {
        "NV1": "KVT-KC", "NV2": "KVT-KC-1",
    }  # fmt: skip
    assert AuditLogEntry.objects.get(action="org.member_import").unit_path == tree.child.path
