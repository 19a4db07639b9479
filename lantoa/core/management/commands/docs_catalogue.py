from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantoa.core.catalogue import TABLES


class Command(BaseCommand):
    help = (
        "Viết lại các bảng sinh tự động trong tài liệu: danh mục sự kiện "
        "(docs/architecture.md) và các việc định kỳ (docs/deploy.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Chỉ kiểm tra, báo lỗi nếu tài liệu đã cũ."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stale = []
        for table in TABLES:
            if options["check"]:
                if table.current() != table.render():
                    stale.append(str(table.path))
            elif table.write():
                self.stdout.write(f"{table.path}: {table.name}")
        if stale:
            raise CommandError("Tài liệu chưa cập nhật: " + ", ".join(stale))
