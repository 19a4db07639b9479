"""Load every app's demo data, in dependency order (what `make run` calls).

Each loader is idempotent and refuses to run with DEBUG off; apps that are
not installed are skipped, so this stays correct as apps arrive."""

from typing import Any

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

LOADERS = ("load_demo", "load_demo_content", "load_demo_bulletins", "load_demo_campaigns")


class Command(BaseCommand):
    help = "Nạp toàn bộ dữ liệu mẫu (đơn vị, đoàn viên, bài viết, bản tin, chiến dịch)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("Dữ liệu mẫu chỉ được nạp khi DEBUG bật.")
        available = get_commands()
        for name in LOADERS:
            if name in available:
                call_command(name, stdout=self.stdout, stderr=self.stderr)
