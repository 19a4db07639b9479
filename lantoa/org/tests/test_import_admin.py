"""The admin flow (upload → dry run → confirm → done) and the task path."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lantoa.core.exceptions import InvalidInput
from lantoa.core.models import AuditLogEntry
from lantoa.org.choices import Role
from lantoa.org.importing.jobs import member_import_process
from lantoa.org.importing.services import member_import_confirm, member_import_create
from lantoa.org.models import Member, MemberImport
from lantoa.org.tests.import_files import HEADER, good_rows, officer_at, write_csv, write_xlsx

Status = MemberImport.Status
START = "org_member_import_start"


@pytest.fixture
def officer(tree):
    return officer_at(tree.unit)


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def _upload(tmp_path, rows, name="ds.csv"):
    writer = write_xlsx if name.endswith(".xlsx") else write_csv
    path = writer(tmp_path / name, rows)
    return SimpleUploadedFile(name, path.read_bytes())


def _post_upload(client, capture, upload, **fields):
    data = {"file": upload, "unit_code": "", "mapping": "", "dry_run": "on", **fields}
    with capture(execute=True) as callbacks:
        response = client.post(reverse(START), data)
    return response, callbacks


def test_upload_dry_run_confirm_done(
    tree, officer, officer_client, tmp_path, django_capture_on_commit_callbacks
):
    response = officer_client.get(reverse(START))
    assert response.status_code == 200
    assert b'name="file"' in response.content

    response, callbacks = _post_upload(
        officer_client, django_capture_on_commit_callbacks, _upload(tmp_path, good_rows("KVT"))
    )

    record = MemberImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("org_member_import_detail", args=[record.pk])
    assert len(callbacks) == 1
    assert (record.status, record.dry_run, record.uploaded_by, record.file_name) == (
        Status.READY, True, officer, "ds.csv",
    )  # fmt: skip
    assert (record.row_count, record.created_count, record.invalid_count) == (3, 3, 0)
    assert (record.progress_done, record.progress_total) == (3, 3)
    assert Member.objects.count() == 0
    assert not AuditLogEntry.objects.filter(action="org.member_import").exists()

    page = officer_client.get(response.url)
    assert "Xác nhận nhập" in page.content.decode()
    assert b'http-equiv="refresh"' not in page.content

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        confirmed = officer_client.post(response.url)

    assert confirmed.status_code == 302
    assert len(callbacks) == 1
    record.refresh_from_db()
    assert (record.status, record.created_count, record.message) == (
        Status.DONE, 3, "Đã nhập xong.",
    )  # fmt: skip
    assert record.file.name == ""  # the stored list is deleted once imported
    assert sorted(Member.objects.values_list("employee_code", flat=True)) == [
        "NV001", "NV002", "NV003",
    ]  # fmt: skip
    entry = AuditLogEntry.objects.get(action="org.member_import")
    assert (entry.actor, entry.target_id, entry.data["created"]) == (officer, str(record.pk), 3)

    status = officer_client.get(reverse("org_member_import_status", args=[record.pk])).json()
    assert status == {
        "id": record.pk, "status": "done", "status_label": "Đã nhập xong", "running": False,
        "can_confirm": False, "progress": {"done": 3, "total": 3}, "percent": 100, "rows": 3,
        "created": 3, "updated": 0, "unchanged": 0, "invalid": 0, "errors": 0,
        "message": "Đã nhập xong.",
    }  # fmt: skip


def test_dry_run_with_bad_rows_shows_errors_and_no_confirm(
    tree, officer_client, tmp_path, django_capture_on_commit_callbacks
):
    rows = good_rows("KVT")
    rows[1][4] = "123"
    _post_upload(
        officer_client, django_capture_on_commit_callbacks, _upload(tmp_path, rows, "ds.xlsx")
    )

    record = MemberImport.objects.get()
    assert record.status == Status.FAILED
    assert record.message == (
        "Không nhập gì vì có 1 dòng lỗi: sửa tệp rồi tải lên lại, hoặc chọn «Bỏ qua các dòng lỗi»."
    )
    assert record.errors == [
        {"row": 3, "column": "Số điện thoại", "code": "invalid_phone",
         "message": "Số điện thoại không hợp lệ: «123»."},
    ]  # fmt: skip
    page = officer_client.get(reverse("org_member_import_detail", args=[record.pk])).content
    assert "Số điện thoại không hợp lệ: «123».".encode() in page
    assert "Xác nhận nhập".encode() not in page
    assert Member.objects.count() == 0


def test_import_without_dry_run_with_skip_invalid(
    tree, officer_client, tmp_path, django_capture_on_commit_callbacks
):
    rows = good_rows("KVT")
    rows[0][6] = "KCM"
    upload = _upload(tmp_path, rows)
    data = {"file": upload, "unit_code": "", "mapping": "", "skip_invalid": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(reverse(START), data)

    record = MemberImport.objects.get()
    assert (record.status, record.created_count, record.invalid_count) == (Status.DONE, 2, 1)
    assert sorted(Member.objects.values_list("employee_code", flat=True)) == ["NV002", "NV003"]


def test_running_import_page_refreshes_itself(tree, officer, officer_client, tmp_path):
    record = member_import_create(
        actor=officer, uploaded_file=_upload(tmp_path, good_rows("KVT")), dry_run=True
    )  # the on-commit enqueue never runs inside the test transaction

    page = officer_client.get(reverse("org_member_import_detail", args=[record.pk]))

    assert record.status == Status.PENDING
    assert b'<meta http-equiv="refresh" content="2">' in page.content


def test_mapping_and_default_unit_from_the_form(
    tree, officer_client, tmp_path, django_capture_on_commit_callbacks
):
    path = write_csv(tmp_path / "ds.csv", [["Đặng Văn Tú", "X-77"]], header=["Người LĐ", "Số"])
    upload = SimpleUploadedFile("ds.csv", path.read_bytes())

    _post_upload(
        officer_client,
        django_capture_on_commit_callbacks,
        upload,
        unit_code="KVT-KC",
        mapping="Người LĐ=full_name\nSố=employee_code",
        dry_run="",
    )

    member = Member.objects.get()
    assert (member.full_name, member.employee_code, member.unit) == (
        "Đặng Văn Tú", "X-77", tree.child,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "content", "fields", "error"),
    [
        ("ds.txt", b"Ho va ten,Ma NV\n", {}, "Chỉ nhận tệp .csv hoặc .xlsx."),
        ("ds.xlsx", "Họ và tên,Mã NV\n".encode(), {},
         "Nội dung tệp không phải XLSX như tên tệp ghi."),
        ("ds.csv", b"\x89PNG\r\n\x1a\n\x00\x00", {}, "Tệp không phải bảng tính CSV hay XLSX."),
        ("ds.csv", "Họ và tên,Mã NV\n".encode(), {"unit_code": "KCM"},
         "Bạn không có quyền nhập đoàn viên vào đơn vị «KCM»."),
        ("ds.csv", "Họ và tên,Mã NV\n".encode(), {"unit_code": "KHONGCO"},
         "Không có đơn vị mang mã «KHONGCO»."),
        ("ds.csv", "Họ và tên,Mã NV\n".encode(), {"mapping": "Cột X"},
         "Ánh xạ cột không hợp lệ: «Cột X» (cần dạng «Tên cột=tên trường»)."),
    ],
)  # fmt: skip
def test_refuses_bad_uploads_with_a_vietnamese_message(
    tree, officer_client, django_capture_on_commit_callbacks, name, content, fields, error
):
    response, callbacks = _post_upload(
        officer_client,
        django_capture_on_commit_callbacks,
        SimpleUploadedFile(name, content),
        **fields,
    )

    assert response.status_code == 200
    assert error in response.content.decode()
    assert callbacks == []
    assert not MemberImport.objects.exists()


def test_refuses_a_file_over_the_size_limit(
    tree, officer_client, settings, django_capture_on_commit_callbacks
):
    settings.LANTOA_MEMBER_IMPORT_MAX_BYTES = 2048
    content = ("Họ và tên,Mã NV\n" + "Nguyễn Văn An,NV1\n" * 200).encode()
    assert len(content) == 4221

    response, _ = _post_upload(
        officer_client, django_capture_on_commit_callbacks, SimpleUploadedFile("ds.csv", content)
    )

    assert "Tệp quá lớn (5 KB): chỉ nhận tệp đến 2 KB." in response.content.decode()
    assert not MemberImport.objects.exists()


def test_refuses_an_oversized_request_before_reading_it(tree, officer_client, settings):
    settings.LANTOA_MEMBER_IMPORT_MAX_BYTES = 1024 * 1024
    content = b"x" * (2 * 1024 * 1024)

    response = officer_client.post(
        reverse(START), {"file": SimpleUploadedFile("ds.csv", content)}, follow=True
    )

    assert "Tệp quá lớn (1,9 MB): chỉ nhận tệp đến 1,0 MB." in response.content.decode()
    assert not MemberImport.objects.exists()


def test_only_officers_with_member_change_may_import(tree, client):
    approver = officer_at(tree.unit, role=Role.APPROVER)
    client.force_login(approver)

    response = client.get(reverse(START))

    # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
    assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))


def test_anonymous_users_are_sent_to_login(client, db):
    response = client.get(reverse(START))

    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_officers_do_not_see_each_others_imports(tree, officer, client, tmp_path):
    record = member_import_create(
        actor=officer, uploaded_file=_upload(tmp_path, good_rows("KVT")), dry_run=True
    )
    other = officer_at(tree.unit)
    client.force_login(other)

    assert client.get(reverse("org_member_import_detail", args=[record.pk])).status_code == 404
    assert client.get(reverse("org_member_import_status", args=[record.pk])).status_code == 404


def test_task_runs_once_even_when_delivered_twice(
    tree, officer, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        record = member_import_create(
            actor=officer, uploaded_file=_upload(tmp_path, good_rows("KVT")), dry_run=False
        )
    assert len(callbacks) == 1
    record.refresh_from_db()
    assert (record.status, record.created_count) == (Status.DONE, 3)

    member_import_process(import_id=record.pk)  # a second delivery
    member_import_process(import_id=record.pk + 1000)  # a deleted record

    assert AuditLogEntry.objects.filter(action="org.member_import").count() == 1
    assert Member.objects.count() == 3


def test_confirm_is_refused_twice_and_for_others(
    tree, officer, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record = member_import_create(
            actor=officer, uploaded_file=_upload(tmp_path, good_rows("KVT")), dry_run=True
        )
    record.refresh_from_db()
    other = officer_at(tree.unit)

    with pytest.raises(Exception, match="Bạn không có quyền"):
        member_import_confirm(actor=other, record=record)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        member_import_confirm(actor=officer, record=record)
    assert len(callbacks) == 1
    with pytest.raises(InvalidInput, match="không thể xác nhận"):
        member_import_confirm(actor=officer, record=record)


def test_task_records_an_unreadable_file_as_failed(
    tree, officer, tmp_path, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("ds.csv", "Cột A,Cột B\n1,2\n".encode())
    with django_capture_on_commit_callbacks(execute=True):
        record = member_import_create(actor=officer, uploaded_file=upload, dry_run=True)

    record.refresh_from_db()
    assert record.status == Status.FAILED
    assert record.message.startswith("Không tìm thấy dòng tiêu đề")


def test_export_button_downloads_the_subtree(tree, officer_client):
    response = officer_client.get(reverse("org_member_export"), {"unit": "KVT"})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="doan-vien-KVT-')
    assert b"".join(response.streaming_content)[:2] == b"PK"


def test_export_refuses_a_unit_out_of_scope(tree, officer_client):
    response = officer_client.get(reverse("org_member_export"), {"unit": "KCM"}, follow=True)

    assert "Bạn không có quyền xem đoàn viên của đơn vị «KCM»." in response.content.decode()
    assert not AuditLogEntry.objects.filter(action="org.member_export").exists()


def test_header_row_of_the_upload_form_lists_known_columns(tree, officer_client):
    page = officer_client.get(reverse(START)).content.decode()

    assert all(header in page for header in HEADER)


def test_unconfirmed_lists_are_private_and_deleted_after_the_keep_period(
    tree, officer, officer_client, tmp_path, settings, django_capture_on_commit_callbacks
):
    from datetime import timedelta
    from pathlib import Path

    from django.utils import timezone

    from lantoa.core import periodic
    from lantoa.org.importing.jobs import member_imports_prune

    _post_upload(
        officer_client, django_capture_on_commit_callbacks, _upload(tmp_path, good_rows("KVT"))
    )
    record = MemberImport.objects.get()
    stored = Path(record.file.path)
    assert record.status == Status.READY
    assert stored.is_file()
    assert Path(settings.MEDIA_ROOT) not in stored.parents  # never served by the web server

    settings.LANTOA_MEMBER_IMPORT_KEEP_DAYS = 7
    assert member_imports_prune(now=timezone.now() + timedelta(days=6)) == 0
    assert stored.is_file()

    assert member_imports_prune(now=timezone.now() + timedelta(days=8)) == 1
    record.refresh_from_db()
    assert not stored.exists()
    assert (record.file.name, record.status) == ("", Status.FAILED)
    assert "không được xác nhận trong 7 ngày" in record.message
    assert record.row_count == 3  # the report stays
    assert member_imports_prune(now=timezone.now() + timedelta(days=9)) == 0
    assert "org.member_imports_prune" in {job.name for job in periodic.jobs()}
