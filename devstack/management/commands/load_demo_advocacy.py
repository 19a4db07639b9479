"""`manage.py load_demo_advocacy`: demo ambassadors with clicks and a sent
press release with its clippings (after `load_demo`; development only)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devstack.demo.advocacy import AdvocacyDemoLoader
from lantoa.core.exceptions import LantoaError


class Command(BaseCommand):
    help = "Nạp đại sứ chia sẻ, lượt bấm và một thông cáo báo chí đã gửi (chỉ khi DEBUG bật; chạy lại không tạo trùng)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("load_demo_advocacy chỉ chạy khi DEBUG bật (môi trường phát triển).")
        try:
            counts = AdvocacyDemoLoader().load()
        except LantoaError as exc:
            raise CommandError(exc.message) from exc
        summary = ", ".join(f"{name}: {count}" for name, count in sorted(counts.items()))
        self.stdout.write(
            self.style.SUCCESS(f"Lan tỏa và báo chí mẫu đã sẵn sàng ({summary or 'không đổi'}).")
        )
