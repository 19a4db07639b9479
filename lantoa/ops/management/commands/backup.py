"""Backups (docs/deploy.md "Backups"): the database and the files of both storages.

manage.py backup create DIR [--no-files]
manage.py backup restore DIR --yes [--database-url URL] [--no-files] [--sample N]
manage.py backup check DIR [--database-url URL] [--sample N]
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantoa.ops.backups import BackupError, backup_check, backup_create, backup_restore


class Command(BaseCommand):
    help = "Sao lưu và khôi phục cơ sở dữ liệu cùng các tệp (ảnh, tài liệu, tệp riêng tư)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["create", "restore", "check"])
        parser.add_argument("directory", type=Path, help="Thư mục bản sao lưu.")
        parser.add_argument("--no-files", action="store_true", help="Chỉ cơ sở dữ liệu.")
        parser.add_argument(
            "--database-url",
            help="Khôi phục/kiểm tra vào cơ sở dữ liệu này thay vì cơ sở dữ liệu đang cấu hình.",
        )
        parser.add_argument(
            "--sample",
            type=int,
            default=50,
            help="Số tệp đối chiếu sau khi khôi phục (0 = tất cả).",
        )
        parser.add_argument("--yes", action="store_true", help="Xác nhận ghi đè khi khôi phục.")

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["directory"]
        files = not options["no_files"]
        try:
            if options["action"] == "create":
                manifest = backup_create(directory, files=files)
                rows = sum(manifest["tables"].values())
                n_files = sum(len(v) for v in manifest["files"].values())
                self.stdout.write(
                    f"Đã sao lưu vào {directory}: {len(manifest['tables'])} bảng, "
                    f"{rows} dòng, {n_files} tệp."
                )
                return
            if options["action"] == "restore":
                if not options["yes"]:
                    raise CommandError("Khôi phục ghi đè dữ liệu hiện có: thêm --yes để xác nhận.")
                backup_restore(directory, database_url=options["database_url"], files=files)
                self.stdout.write(f"Đã khôi phục từ {directory}.")
            report = backup_check(
                directory,
                database_url=options["database_url"],
                files=files,
                sample=options["sample"],
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Đối chiếu: {report.tables} bảng, {report.rows} dòng, {report.files_checked} tệp."
        )
        if not report.ok:
            raise CommandError("Không khớp với bản sao lưu:\n" + "\n".join(report.problems))
        self.stdout.write("Khớp với bản sao lưu.")
