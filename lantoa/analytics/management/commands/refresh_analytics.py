"""Refresh the analytics facts now (the periodic task does it every five
minutes): `manage.py refresh_analytics [--full]`."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lantoa.analytics.services.refresh import analytics_refresh


class Command(BaseCommand):
    help = "Cập nhật số liệu độ phủ và tiếp cận (--full: tính lại toàn bộ)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--full", action="store_true", help="Tính lại toàn bộ từ dữ liệu gốc.")

    def handle(self, *args: Any, **options: Any) -> None:
        result = analytics_refresh(full=options["full"])
        kind = "toàn bộ" if result.full else "phần thay đổi"
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã cập nhật số liệu ({kind}): {result.dirty_units} đơn vị, "
                f"{result.seconds:.1f} giây."
            )
        )
