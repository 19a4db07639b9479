"""manage.py import_members / export_members."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lantoa.core.models import AuditLogEntry
from lantoa.org.models import Member
from lantoa.org.tests.import_files import good_rows, officer_at, write_csv, write_xlsx


def _run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_members", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_imports_and_prints_the_report(tree, tmp_path):
    officer = officer_at(tree.unit, username="can.bo.kvt")
    path = write_xlsx(tmp_path / "ds.xlsx", good_rows("KVT"))

    out, _ = _run(path, "--actor", "can.bo.kvt")

    assert out.splitlines() == [
        "Tệp «ds.xlsx»: 3 dòng dữ liệu, 0 dòng lỗi.",
        "Đã thêm mới: 3 · đã cập nhật: 0 · không đổi: 0.",
        "Đã nhập xong.",
    ]
    assert Member.objects.count() == 3
    assert AuditLogEntry.objects.get(action="org.member_import").actor == officer


def test_dry_run_writes_nothing(tree, tmp_path):
    path = write_csv(tmp_path / "ds.csv", good_rows("KVT"))

    out, _ = _run(path, "--dry-run")

    assert out.splitlines()[-1] == "Chạy thử: chưa ghi gì vào cơ sở dữ liệu."
    assert "Sẽ thêm mới: 3" in out
    assert Member.objects.count() == 0


def test_invalid_rows_block_the_import_with_a_non_zero_exit(tree, tmp_path):
    rows = good_rows("KVT")
    rows[1][4] = "123"
    path = write_csv(tmp_path / "ds.csv", rows)
    out = StringIO()

    with pytest.raises(CommandError, match=r"Có 1 dòng lỗi: không nhập gì\."):
        call_command("import_members", str(path), stdout=out, stderr=StringIO())

    assert "Dòng 3, cột «Số điện thoại»: Số điện thoại không hợp lệ: «123»." in out.getvalue()
    assert Member.objects.count() == 0


def test_skip_invalid_imports_the_valid_rows(tree, tmp_path):
    rows = good_rows("KVT")
    rows[1][4] = "123"
    path = write_csv(tmp_path / "ds.csv", rows)

    out, _ = _run(path, "--skip-invalid")

    assert "Đã thêm mới: 2" in out
    assert sorted(Member.objects.values_list("employee_code", flat=True)) == ["NV001", "NV003"]


def test_mapping_and_default_unit(tree, tmp_path):
    path = write_csv(tmp_path / "ds.csv", [["Đặng Văn Tú", "X-77"]], header=["Người LĐ", "Số"])

    _run(path, "--unit", "KVT-KC", "--map", "Người LĐ=full_name", "--map", "Số=employee_code")

    assert Member.objects.get().unit == tree.child


def test_actor_scope_applies(tree, tmp_path):
    officer_at(tree.unit, username="can.bo.kvt")
    path = write_csv(tmp_path / "ds.csv", good_rows("KCM"))

    with pytest.raises(CommandError, match="Có 3 dòng lỗi"):
        call_command(
            "import_members", str(path), "--actor", "can.bo.kvt", stdout=StringIO(),
            stderr=StringIO(),
        )  # fmt: skip

    assert Member.objects.count() == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--actor", "khong.co"], "Không có tài khoản «khong.co»."),
        (["--unit", "KHONGCO"], "Không có đơn vị mang mã «KHONGCO»."),
        (["--map", "sai"], "Ánh xạ cột không hợp lệ: «sai» (cần dạng «Tên cột=tên trường»)."),
    ],
)
def test_bad_options_are_refused(tree, tmp_path, args, message):
    path = write_csv(tmp_path / "ds.csv", good_rows("KVT"))

    with pytest.raises(CommandError) as excinfo:
        _run(path, *args)

    assert str(excinfo.value) == message


def test_missing_file_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="Không mở được tệp"):
        _run(tmp_path / "khong-co.xlsx")


def test_shows_a_progress_bar(tree, tmp_path):
    path = write_csv(tmp_path / "ds.csv", good_rows("KVT"))

    _, err = _run(path, "--progress")

    assert "Kiểm tra: 100%" in err
    assert "Ghi: 100%" in err


def test_export_command_writes_an_xlsx(tree, tmp_path):
    write = write_csv(tmp_path / "ds.csv", good_rows("KVT"))
    _run(write)
    out = StringIO()

    call_command("export_members", str(tmp_path / "out.xlsx"), "--unit", "PVGAS", stdout=out)

    assert out.getvalue().strip() == (
        f"Đã xuất 3 đoàn viên của «Công đoàn PV GAS» vào {tmp_path / 'out.xlsx'}."
    )
    assert (tmp_path / "out.xlsx").read_bytes()[:2] == b"PK"


def test_export_command_applies_the_actor_scope(tree, tmp_path):
    officer_at(tree.unit, username="can.bo.kvt")

    with pytest.raises(CommandError, match="Bạn không có quyền"):
        call_command(
            "export_members", str(tmp_path / "out.xlsx"), "--unit", "KCM",
            "--actor", "can.bo.kvt", stdout=StringIO(),
        )  # fmt: skip
