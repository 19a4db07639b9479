"""`manage.py load_demo_campaigns`: demo campaigns, plan items and directives
(after `load_demo`; development only)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devstack.demo.campaigns import CampaignDemoLoader
from lantoa.core.exceptions import LantoaError


class Command(BaseCommand):
    help = (
        "Nạp chiến dịch, kế hoạch nội dung và định hướng tuyên truyền mẫu "
        "(chỉ khi DEBUG bật; chạy lại không tạo trùng)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "load_demo_campaigns chỉ chạy khi DEBUG bật (môi trường phát triển)."
            )
        try:
            counts = CampaignDemoLoader().load()
        except LantoaError as exc:
            raise CommandError(exc.message) from exc
        summary = ", ".join(f"{name}: {count}" for name, count in sorted(counts.items()))
        self.stdout.write(
            self.style.SUCCESS(f"Dữ liệu chiến dịch mẫu đã sẵn sàng ({summary or 'không đổi'}).")
        )
