"""`manage.py load_demo_channels`: the demo's social channels, posts with their
figures and a post waiting for approval (after `load_demo`; development only)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devstack.demo.channels import ChannelDemoLoader
from lantoa.core.exceptions import LantoaError


class Command(BaseCommand):
    help = (
        "Nạp kênh mạng xã hội, bài đăng kèm số liệu và một bài chờ duyệt mẫu "
        "(chỉ khi DEBUG bật; chạy lại không tạo trùng)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("load_demo_channels chỉ chạy khi DEBUG bật (môi trường phát triển).")
        try:
            counts = ChannelDemoLoader().load()
        except LantoaError as exc:
            raise CommandError(exc.message) from exc
        summary = ", ".join(f"{name}: {count}" for name, count in sorted(counts.items()))
        self.stdout.write(
            self.style.SUCCESS(f"Kênh và bài đăng mẫu đã sẵn sàng ({summary or 'không đổi'}).")
        )
