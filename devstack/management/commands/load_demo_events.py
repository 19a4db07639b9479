"""`manage.py load_demo_events`: demo programmes and events (after `load_demo`;
development only)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devstack.demo.events import EventsDemoLoader
from lantoa.core.exceptions import LantoaError


class Command(BaseCommand):
    help = (
        "Nạp chương trình thể dục giữa giờ, Tết Sum vầy và hai sự kiện mẫu "
        "(chỉ khi DEBUG bật; chạy lại không tạo trùng)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("load_demo_events chỉ chạy khi DEBUG bật (môi trường phát triển).")
        try:
            counts = EventsDemoLoader().load()
        except LantoaError as exc:
            raise CommandError(exc.message) from exc
        summary = ", ".join(f"{name}: {count}" for name, count in sorted(counts.items()))
        self.stdout.write(
            self.style.SUCCESS(
                f"Chương trình và sự kiện mẫu đã sẵn sàng ({summary or 'không đổi'})."
            )
        )
