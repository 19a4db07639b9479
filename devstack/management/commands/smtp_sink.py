"""`manage.py smtp_sink`: the local SMTP sink (127.0.0.1:1025 → var/mail/*.eml),
and a reader for what it holds (`--list`, `--show N`).

Development points EMAIL_URL at it (smtp://127.0.0.1:1025), so nothing Lantoa
sends ever leaves the machine.
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from devstack.smtp_sink import DEFAULT_PORT, message_text, read_message, serve, stored_messages


class Command(BaseCommand):
    help = (
        "Hộp thư giả lập trên 127.0.0.1 (mặc định cổng của EMAIL_URL, 1025): nhận mọi thư, lưu thành tệp .eml "
        "trong var/mail/. --list liệt kê thư mới nhất, --show N hiện nội dung thư thứ N."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        # Where the product sends (EMAIL_URL), so that a stack on other ports is whole.
        parser.add_argument(
            "--port", type=int, default=getattr(settings, "EMAIL_PORT", DEFAULT_PORT)
        )
        parser.add_argument("--dir", type=Path, default=Path(settings.VAR_DIR) / "mail")
        parser.add_argument("--list", action="store_true", help="Liệt kê thư đã nhận.")
        parser.add_argument("--limit", type=int, default=20)
        parser.add_argument("--show", type=int, metavar="N", help="Hiện thư thứ N trong danh sách.")

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["dir"]
        if options["list"] or options["show"]:
            self._read(directory, options["limit"], options["show"])
            return
        self.stdout.write(
            f"Hộp thư giả lập: smtp://127.0.0.1:{options['port']} → {directory}/ "
            "(đọc thư: manage.py smtp_sink --list)"
        )
        stats = serve(directory, options["port"])
        self.stdout.write(f"Đã nhận {stats['received']} thư ({stats['duplicates']} thư trùng).")

    def _read(self, directory: Path, limit: int, show: int | None) -> None:
        messages = stored_messages(directory) if directory.exists() else []
        if not messages:
            self.stdout.write(f"Chưa có thư nào trong {directory}/.")
            return
        if show is None:
            for n, m in enumerate(messages[:limit], start=1):
                self.stdout.write(f"{n:>3}. {m.to} — {m.subject}")
            self.stdout.write(f"({len(messages)} thư; xem một thư: --show N)")
            return
        if not 1 <= show <= len(messages):
            raise CommandError(f"Chỉ có {len(messages)} thư.")
        message = read_message(messages[show - 1].path)
        for header in ("From", "To", "Subject", "Date", "Message-ID", "List-Unsubscribe"):
            if message[header]:
                self.stdout.write(f"{header}: {message[header]}")
        self.stdout.write("")
        self.stdout.write(message_text(message))
        self.stdout.write(f"\n(tệp: {messages[show - 1].path})")
