"""Load every app's demo data, in dependency order (what `make run` calls).

Each loader is idempotent and refuses to run with DEBUG off; apps that are
not installed are skipped, so this stays correct as apps arrive."""

from typing import Any

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

LOADERS = (
    "load_demo",
    "load_demo_content",
    "load_demo_channels",
    "load_demo_listening",
    "load_demo_bulletins",
    "load_demo_campaigns",
    "load_demo_incidents",
    "load_demo_race",
    "load_demo_engagement",
    "load_demo_events",
    "load_demo_advocacy",
    "load_demo_contests",
    "load_demo_honours",
)


class Command(BaseCommand):
    help = "Nạp toàn bộ dữ liệu mẫu (đơn vị, đoàn viên, bài viết, bản tin, chiến dịch, sự cố)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("Dữ liệu mẫu chỉ được nạp khi DEBUG bật.")
        available = get_commands()
        for name in LOADERS:
            if name in available:
                call_command(name, stdout=self.stdout, stderr=self.stderr)
        # The figures (coverage, events and attendance, campaigns) at once,
        # not at the worker's first refresh.
        if "refresh_analytics" in available:
            call_command("refresh_analytics", full=True, stdout=self.stdout, stderr=self.stderr)
