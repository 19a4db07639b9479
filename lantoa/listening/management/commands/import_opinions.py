"""manage.py import_opinions FILE — store opinions from a CSV or XLSX file
(for example the minutes of a dialogue with workers).

Thin: resolves the options, calls `opinions_import_file`, prints its report.
Exits non-zero when invalid rows block the import (also in a dry run, so a
script can check a file first)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantoa.core.commands import command_actor
from lantoa.core.exceptions import LantoaError
from lantoa.listening.services.intake_import import ImportReport, opinions_import_file
from lantoa.org.public import OrgUnit

SHOWN_ERRORS = 50


class Command(BaseCommand):
    help = (
        "Nhập ý kiến từ tệp CSV hoặc XLSX (cột Nội dung/Ý kiến, Ngày, Mã đơn vị, Nguồn). "
        "Nhập lại cùng tệp không tạo ý kiến trùng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Tệp .csv hoặc .xlsx")
        parser.add_argument("--unit", help="Mã đơn vị cho các dòng không ghi đơn vị")
        parser.add_argument(
            "--actor",
            help="Tên đăng nhập của người nhập: chỉ nhận đơn vị trong phạm vi của người đó",
        )
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="Nhập các dòng hợp lệ, bỏ qua dòng lỗi"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp «{path}».")
        unit = None
        if options["unit"]:
            unit = OrgUnit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị mang mã «{options['unit']}».")
        actor = command_actor(options["actor"])
        try:
            report = opinions_import_file(
                actor=actor,
                path=path,
                default_unit=unit,
                dry_run=options["dry_run"],
                skip_invalid=options["skip_invalid"],
            )
        except LantoaError as exc:
            raise CommandError(exc.message) from exc
        self._print(report)
        if report.errors and not options["skip_invalid"]:
            raise CommandError(f"{len(report.errors)} dòng lỗi: chưa nhập ý kiến nào.")

    def _print(self, report: ImportReport) -> None:
        for error in report.errors[:SHOWN_ERRORS]:
            self.stderr.write(str(error))
        if len(report.errors) > SHOWN_ERRORS:
            self.stderr.write(f"… và {len(report.errors) - SHOWN_ERRORS} dòng lỗi khác.")
        summary = (
            f"{report.rows} dòng ý kiến: {report.valid} hợp lệ, {len(report.errors)} lỗi; "
            f"{report.existing} đã có từ trước"
        )
        if report.dry_run:
            self.stdout.write(f"Chạy thử — {summary}; chưa ghi gì.")
        elif report.applied:
            self.stdout.write(
                self.style.SUCCESS(f"Đã nhập {report.created} ý kiến mới — {summary}.")
            )
        else:
            self.stdout.write(f"{summary}.")
