"""`manage.py load_demo_engagement`: a demo quiz and survey (after `load_demo`;
development only)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devstack.demo.engagement import EngagementDemoLoader
from lantoa.core.exceptions import LantoaError


class Command(BaseCommand):
    help = "Nạp một cuộc thi tìm hiểu và một khảo sát mẫu (chỉ khi DEBUG bật; chạy lại không tạo trùng)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "load_demo_engagement chỉ chạy khi DEBUG bật (môi trường phát triển)."
            )
        try:
            counts = EngagementDemoLoader().load()
        except LantoaError as exc:
            raise CommandError(exc.message) from exc
        summary = ", ".join(f"{name}: {count}" for name, count in sorted(counts.items()))
        self.stdout.write(
            self.style.SUCCESS(f"Cuộc thi và khảo sát mẫu đã sẵn sàng ({summary or 'không đổi'}).")
        )
