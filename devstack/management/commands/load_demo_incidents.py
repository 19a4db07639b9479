"""`manage.py load_demo_incidents`: the demo fact library, playbooks and two
incidents, one closed with its report, one open mid-playbook (after
`load_demo`; development only)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devstack.demo.incidents import IncidentDemoLoader
from lantoa.core.exceptions import LantoaError


class Command(BaseCommand):
    help = (
        "Nạp thư viện dữ kiện, kịch bản ứng phó và hai sự cố mẫu "
        "(chỉ khi DEBUG bật; chạy lại không tạo trùng)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "load_demo_incidents chỉ chạy khi DEBUG bật (môi trường phát triển)."
            )
        try:
            counts = IncidentDemoLoader().load()
        except LantoaError as exc:
            raise CommandError(exc.message) from exc
        summary = ", ".join(f"{name}: {count}" for name, count in sorted(counts.items()))
        self.stdout.write(
            self.style.SUCCESS(f"Dữ liệu ứng phó sự cố mẫu đã sẵn sàng ({summary or 'không đổi'}).")
        )
