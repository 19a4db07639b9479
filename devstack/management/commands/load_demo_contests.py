"""`manage.py load_demo_contests`: một cuộc thi ảnh mẫu đang ở vòng chấm (after `load_demo`; development only)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devstack.demo.contests import ContestDemoLoader
from lantoa.core.exceptions import LantoaError


class Command(BaseCommand):
    help = (
        "Nạp một cuộc thi ảnh mẫu đang ở vòng chấm (chỉ khi DEBUG bật; chạy lại không tạo trùng)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("load_demo_contests chỉ chạy khi DEBUG bật (môi trường phát triển).")
        try:
            counts = ContestDemoLoader().load()
        except LantoaError as exc:
            raise CommandError(exc.message) from exc
        summary = ", ".join(f"{name}: {count}" for name, count in sorted(counts.items()))
        self.stdout.write(
            self.style.SUCCESS(f"Dữ liệu mẫu đã sẵn sàng ({summary or 'không đổi'}).")
        )
