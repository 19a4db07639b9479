"""Opinions from spreadsheets: headers found below a title block, dates and units
checked row by row with Vietnamese messages, all or nothing by default,
idempotent re-import, the command, and the upload screen."""

import datetime as dt
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from lantoa.core.exceptions import InvalidInput
from lantoa.core.models import AuditLogEntry
from lantoa.listening.choices import OpinionSource
from lantoa.listening.models import Opinion
from lantoa.listening.services.intake_import import RowError, opinions_import_file
from lantoa.org import services as org_services
from lantoa.org.choices import Role
from lantoa.org.tests.factories import RoleAssignmentFactory, UserFactory

MINUTES = """BIÊN BẢN HỘI NGHỊ ĐỐI THOẠI;;;
Công ty Khí Vũng Tàu, quý I/2026;;;
;;;
STT;Ý kiến;Ngày;Mã đơn vị;Nguồn
1;Đề nghị tăng suất ăn ca lên 35.000 đồng;12/3/2026;KVT;
2;Nhà vệ sinh khu B xuống cấp;12/03/2026;KVT-KC;Khảo sát
3;Đề nghị tăng suất ăn ca lên 35.000 đồng;12/3/2026;KVT;Hội nghị người lao động
"""


def officer_of(unit):
    user = UserFactory()
    RoleAssignmentFactory(user=user, unit=unit, role=Role.OFFICER)
    org_services.sync_admin_access(user)
    return user


@pytest.fixture
def officer(tree):
    return officer_of(tree.unit)


def csv_file(tmp_path, text, name="bien-ban.csv", encoding="utf-8-sig"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_minutes_with_a_title_block_become_opinions(tmp_path, tree, officer):
    report = opinions_import_file(actor=officer, path=csv_file(tmp_path, MINUTES))
    assert (report.rows, report.valid, report.created, report.errors) == (3, 3, 3, [])
    assert report.applied
    rows = {
        (o.unit.code, o.text, o.source, timezone.localtime(o.received_at).date())
        for o in Opinion.objects.select_related("unit")
    }
    day = dt.date(2026, 3, 12)
    assert rows == {
        ("KVT", "Đề nghị tăng suất ăn ca lên 35.000 đồng", OpinionSource.IMPORT, day),
        ("KVT-KC", "Nhà vệ sinh khu B xuống cấp", OpinionSource.SURVEY, day),
    }
    # The same sentence said twice in one meeting is two voices.
    assert Opinion.objects.filter(text__startswith="Đề nghị tăng").count() == 2
    entry = AuditLogEntry.objects.get(action="listening.opinion_import")
    assert (entry.actor, entry.data["created"], entry.data["header_row"]) == (officer, 3, 4)


def test_importing_the_same_file_again_stores_nothing_new(tmp_path, officer):
    path = csv_file(tmp_path, MINUTES)
    opinions_import_file(actor=officer, path=path)
    again = opinions_import_file(actor=officer, path=path)
    assert (again.created, again.existing) == (0, 3)
    assert Opinion.objects.count() == 3


def test_every_bad_row_is_reported_and_nothing_is_stored(tmp_path, tree, officer):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    text = (
        "Nội dung,Ngày,Mã đơn vị\n"
        "Lương tháng 13 chậm,5/1/2026,KVT\n"
        ",5/1/2026,KVT\n"
        "Ca đêm thiếu nước uống,31/02/2026,KVT\n"
        f"Xe đưa đón hay trễ,{tomorrow:%d/%m/%Y},KVT\n"
        "Phòng nghỉ ca nóng,5/1/2026,KHONG-CO\n"
        "Thưởng Tết thấp,5/1/2026,KCM\n"
        "Đồng phục nhanh rách,5/1/2026,\n"
    )
    report = opinions_import_file(actor=officer, path=csv_file(tmp_path, text))
    assert [str(e) for e in report.errors] == [
        "Dòng 3: thiếu nội dung ý kiến.",
        "Dòng 4: ngày không hợp lệ: «31/02/2026» (cần dạng ngày/tháng/năm, ví dụ 25/12/2025).",
        f"Dòng 5: ngày «{tomorrow:%d/%m/%Y}» ở tương lai.",
        "Dòng 6: không có đơn vị mang mã «KHONG-CO».",
        "Dòng 7: đơn vị «KCM» nằm ngoài phạm vi của bạn.",
        "Dòng 8: thiếu mã đơn vị (và chưa chọn đơn vị mặc định).",
    ]
    assert (report.valid, report.created, report.applied, report.blocked) == (1, 0, False, True)
    assert not Opinion.objects.exists()
    assert not AuditLogEntry.objects.filter(action="listening.opinion_import").exists()


def test_skip_invalid_stores_the_valid_rows_and_the_default_unit_fills_gaps(
    tmp_path, tree, officer
):
    text = "Ý kiến;Mã đơn vị\nĐồng phục nhanh rách;\n;KVT\nCần thêm máy lọc nước;KVT-KC\n"
    report = opinions_import_file(
        actor=officer,
        path=csv_file(tmp_path, text),
        default_unit=tree.unit,
        skip_invalid=True,
    )
    assert report.errors == [RowError(3, "thiếu nội dung ý kiến.")]
    assert report.created == 2
    assert dict(Opinion.objects.values_list("text", "unit__code")) == {
        "Đồng phục nhanh rách": "KVT",
        "Cần thêm máy lọc nước": "KVT-KC",
    }


def test_dry_run_writes_nothing(tmp_path, officer):
    report = opinions_import_file(actor=officer, path=csv_file(tmp_path, MINUTES), dry_run=True)
    assert (report.valid, report.created, report.applied) == (3, 0, False)
    assert not Opinion.objects.exists()


def test_xlsx_with_real_date_cells(tmp_path, tree, officer):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Biên bản đối thoại"])
    sheet.append(["Nội dung ý kiến", "Ngày", "Mã đơn vị"])
    meeting = dt.datetime(2026, 2, 3, 9, 30)  # noqa: DTZ001 - Excel cells carry no zone
    sheet.append(["Chế độ thai sản cho lao động nữ", meeting, "KVT"])
    sheet.append(["Đề nghị khám sức khoẻ định kỳ 2 lần/năm", dt.date(2026, 2, 4), "KVT"])
    path = tmp_path / "doi-thoai.xlsx"
    book.save(path)
    report = opinions_import_file(actor=officer, path=path)
    assert (report.created, report.errors) == (2, [])
    times = sorted(Opinion.objects.values_list("received_at", flat=True))
    local = ZoneInfo("Asia/Ho_Chi_Minh")  # a cell's time is the site's wall-clock time
    assert times == [
        dt.datetime(2026, 2, 3, 9, 30, tzinfo=local),
        dt.datetime(2026, 2, 4, 0, 0, tzinfo=local),
    ]


def test_a_file_without_an_opinion_column_is_refused(tmp_path, officer):
    with pytest.raises(InvalidInput, match="Nội dung"):
        opinions_import_file(
            actor=officer, path=csv_file(tmp_path, "Họ và tên,Mã nhân viên\nAn,NV1\n")
        )


def test_a_default_unit_outside_the_scope_is_refused(tmp_path, tree, officer):
    with pytest.raises(InvalidInput, match="ngoài phạm vi"):
        opinions_import_file(
            actor=officer, path=csv_file(tmp_path, MINUTES), default_unit=tree.sibling
        )


# -- the command ---------------------------------------------------------------------------


def test_command_imports_and_reports(tmp_path, tree, capsys):
    call_command("import_opinions", str(csv_file(tmp_path, MINUTES)))
    assert Opinion.objects.count() == 3
    assert "Đã nhập 3 ý kiến mới" in capsys.readouterr().out


def test_command_fails_on_invalid_rows_and_scopes_by_actor(tmp_path, tree, officer, capsys):
    text = "Ý kiến,Mã đơn vị\nThưởng Tết thấp,KCM\nĐồng phục rách,KVT\n"
    with pytest.raises(CommandError, match="1 dòng lỗi"):
        call_command("import_opinions", str(csv_file(tmp_path, text)), "--actor", officer.username)
    assert "Dòng 2: đơn vị «KCM» nằm ngoài phạm vi của bạn." in capsys.readouterr().err
    assert not Opinion.objects.exists()


# -- the upload screen ---------------------------------------------------------------------


def test_upload_screen_shows_the_row_report(client, tree, officer):
    client.force_login(officer)
    url = reverse("listening_import:index")
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile(
        "bien-ban.csv", "Ý kiến,Mã đơn vị\nThưởng Tết thấp,KCM\n".encode(), "text/csv"
    )
    response = client.post(url, {"file": upload, "unit": "KVT"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "đơn vị «KCM» nằm ngoài phạm vi của bạn." in html
    assert 'data-row="2"' in html
    assert not Opinion.objects.exists()

    good = SimpleUploadedFile("bien-ban.csv", MINUTES.encode(), "text/csv")
    response = client.post(url, {"file": good})
    assert 'data-created="3"' in response.content.decode()
    assert Opinion.objects.count() == 3


def test_upload_screen_refuses_users_without_a_role(client, db):
    from django.contrib.auth.models import Permission

    user = UserFactory()
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(user)  # may enter the admin, but triages no unit
    refused = client.get(reverse("listening_import:index"))
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")  # Wagtail's refusal
    anonymous = client.__class__()
    response = anonymous.get(reverse("listening_import:index"))
    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/admin/login/")
