"""Member lists for the import tests, generated on the fly (no binary fixtures)."""

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from lantoa.org.choices import Role
from lantoa.org.models import OrgUnit
from lantoa.org.services import sync_admin_access
from lantoa.org.tests.factories import RoleAssignmentFactory, UserFactory

HEADER = [
    "Họ và tên", "Giới tính", "Ngày sinh", "Mã nhân viên", "Số điện thoại", "Email",
    "Mã đơn vị", "Ngày vào công đoàn", "Trạng thái",
]  # fmt: skip


def good_rows(unit_code: str = "KVT") -> list[list[Any]]:
    return [
        ["Nguyễn Văn An", "Nam", "15/03/1985", "NV001", "0912 345 678", "An.Nguyen@PVGAS.vn",
         unit_code, "01/06/2010", "Đang sinh hoạt"],
        ["Trần Thị Bình", "Nữ", "2/7/1990", "NV002", "0987654321", "",
         unit_code, "2015-09-02", ""],
        ["Lê Hoàng Cường", "Khác", "1978-12-31", "NV003", "", "cuong@example.vn",
         unit_code, "", "Tạm dừng sinh hoạt"],
    ]  # fmt: skip


def write_xlsx(path: Path, rows: Sequence[Sequence[Any]], header: Sequence[Any] = HEADER) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    if header:
        sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def write_csv(
    path: Path,
    rows: Sequence[Sequence[Any]],
    header: Sequence[Any] = HEADER,
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
) -> Path:
    with open(path, "w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        if header:
            writer.writerow(header)
        writer.writerows(rows)
    return path


def officer_at(unit: OrgUnit, role: str = Role.OFFICER, **user_fields: Any):
    """A user holding `role` at `unit`, allowed into the Wagtail admin."""
    user = UserFactory(**user_fields)
    RoleAssignmentFactory(user=user, unit=unit, role=role)
    sync_admin_access(user)
    return user
