"""Start the web server, a task worker and the platform fakes together.

`make run` ends here. Ctrl-C (or SIGTERM) stops every process; if one of them
dies, the others are stopped too, so nothing is left running half-alive.
"""

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management import get_commands
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Chạy web, worker và các nền tảng giả lập (chỉ dùng khi phát triển)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--addr", default="127.0.0.1:8000")
        parser.add_argument("--no-worker", action="store_true")
        parser.add_argument("--no-fakes", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("run_devstack chỉ chạy khi DEBUG bật; production dùng gunicorn.")
        manage = [sys.executable, "manage.py"]
        processes: dict[str, list[str]] = {
            "web": [*manage, "runserver", options["addr"], "--noreload"],
        }
        if not options["no_worker"]:
            processes["worker"] = [*manage, "db_worker", "--interval", "0.5"]
            processes["periodic"] = [*manage, "run_periodic"]
        commands = get_commands()
        if not options["no_fakes"] and "fake_platforms" in commands:
            processes["fakes"] = [*manage, "fake_platforms"]
        if "smtp_sink" in commands:
            processes["mail"] = [*manage, "smtp_sink"]
        # Absolute links (feeds, e-mails, channel posts) must name the address
        # served here unless the environment says where the public reaches it.
        environ = dict(os.environ)
        environ.setdefault("LANTOA_BASE_URL", f"http://{options['addr']}")
        running = {
            name: subprocess.Popen(cmd, start_new_session=True, env=environ)  # noqa: S603
            for name, cmd in processes.items()
        }
        self.stdout.write(
            self.style.SUCCESS(
                f"Lantoa: http://{options['addr']}/  ·  quản trị: http://{options['addr']}/admin/"
                f"  ·  API: http://{options['addr']}/api/v1/docs  ({', '.join(running)})"
            )
        )
        stopping = False

        def stop(*_: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping:
                for name, proc in running.items():
                    if proc.poll() is not None:
                        self.stderr.write(f"{name} đã dừng (mã {proc.returncode}); dừng tất cả.")
                        stopping = True
                time.sleep(0.3)
        finally:
            for proc in running.values():
                if proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGTERM)
            deadline = time.monotonic() + 10
            for proc in running.values():
                try:
                    proc.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
        self.stdout.write("Đã dừng.")
