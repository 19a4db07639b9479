"""Run the local fakes of Facebook, Zalo, Viber and Telegram (development and demo).

`make run` starts this beside the web server; the development settings point
the channel adapters at these ports, so posts "arrive" where a newcomer can
see them (each fake lists what it received at /_fake/).
"""

import signal
import threading
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from devstack.fakes import FAKES
from devstack.fakes.__main__ import start_fakes


class Command(BaseCommand):
    help = "Chạy các nền tảng mạng xã hội giả lập trên 127.0.0.1 (chỉ khi phát triển)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-port", type=int, default=getattr(settings, "LANTOA_FAKES_BASE_PORT", 8701)
        )
        parser.add_argument("--posts-dir", type=Path, default=Path(settings.VAR_DIR) / "fakes")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("Nền tảng giả lập chỉ chạy khi DEBUG bật.")
        options["posts_dir"].mkdir(parents=True, exist_ok=True)
        try:
            fakes = start_fakes(list(FAKES), options["base_port"], options["posts_dir"])
        except OSError as exc:
            raise CommandError(f"Không mở được cổng cho nền tảng giả lập: {exc}") from exc
        for fake in fakes:
            self.stdout.write(f"{fake.platform:<9} {fake.base_url}/_fake/")
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        try:
            while not stop.wait(0.5):
                pass
        finally:
            for fake in fakes:
                fake.stop()
