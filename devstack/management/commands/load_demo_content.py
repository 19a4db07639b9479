"""`manage.py load_demo_content`: the demo union's news sites (after `load_demo`)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from devstack.demo.newsroom.loader import DemoLoader
from lantoa.core.exceptions import LantoaError


class Command(BaseCommand):
    help = "Nạp nội dung mẫu cho trang tin (chỉ khi DEBUG bật; chạy lại không tạo trùng)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--unit-sites", type=int, default=6, help="Số công đoàn trực thuộc có trang tin mẫu."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("load_demo_content chỉ chạy khi DEBUG bật (môi trường phát triển).")
        try:
            counts = DemoLoader(max_unit_sites=options["unit_sites"]).load()
        except LantoaError as exc:
            raise CommandError(exc.message) from exc
        summary = ", ".join(f"{name}: {count}" for name, count in sorted(counts.items()))
        self.stdout.write(
            self.style.SUCCESS(f"Nội dung mẫu đã sẵn sàng ({summary or 'không đổi'}).")
        )
