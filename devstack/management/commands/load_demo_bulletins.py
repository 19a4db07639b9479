"""`manage.py load_demo_bulletins`: a few issues of the demo union's bulletin (DEBUG only)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from devstack.demo.bulletin import demo_bulletins_load
from lantoa.core.exceptions import LantoaError


class Command(BaseCommand):
    help = (
        "Tạo vài số Bản tin Công đoàn Dầu khí Việt Nam từ tin bài mẫu (chạy sau load_demo và "
        "load_demo_content). Chỉ chạy khi DEBUG bật; chạy lại không tạo trùng."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = demo_bulletins_load(log=self.stdout.write)
        except LantoaError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Bản tin mẫu: tạo {len(result.created)} số, giữ nguyên {len(result.kept)} số."
            )
        )
