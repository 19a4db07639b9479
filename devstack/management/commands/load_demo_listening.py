"""`manage.py load_demo_listening`: members' opinions of the last 60 days with
one spike and its alert (after `load_demo`; development only)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devstack.demo.listening import ListeningDemoLoader
from lantoa.core.exceptions import LantoaError


class Command(BaseCommand):
    help = (
        "Nạp ý kiến đoàn viên mẫu (60 ngày, một đợt tăng đột biến và cảnh báo của nó) "
        "(chỉ khi DEBUG bật; chạy lại không tạo trùng)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "load_demo_listening chỉ chạy khi DEBUG bật (môi trường phát triển)."
            )
        try:
            counts = ListeningDemoLoader().load()
        except LantoaError as exc:
            raise CommandError(exc.message) from exc
        summary = ", ".join(f"{name}: {count}" for name, count in sorted(counts.items()))
        self.stdout.write(
            self.style.SUCCESS(f"Ý kiến đoàn viên mẫu đã sẵn sàng ({summary or 'không đổi'}).")
        )
