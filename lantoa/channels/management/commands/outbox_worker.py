"""Deliver posts: claim due deliveries in batches and send them concurrently.

Run as many as needed beside `db_worker` with `LANTOA_OUTBOX_WORKERS=true`
(services/dispatch.py). SIGTERM/SIGINT stops claiming and waits for the calls
in flight to be recorded.
"""

import signal
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lantoa.channels.services.dispatch import OutboxWorker


class Command(BaseCommand):
    help = "Gửi các lượt đăng bài đến hạn, nhiều lượt cùng lúc trong giới hạn của nền tảng."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--concurrency", type=int, default=16)
        parser.add_argument("--interval", type=float, default=0.2)
        parser.add_argument(
            "--db-connections", type=int, default=4, help="Số kết nối CSDL để ghi kết quả."
        )
        parser.add_argument(
            "--record-batch", type=int, default=100, help="Số lượt đã gửi ghi nhận một lần."
        )
        parser.add_argument(
            "--record-linger",
            type=float,
            default=0.05,
            help="Số giây chờ gom thêm lượt đã gửi trước khi ghi nhận.",
        )
        parser.add_argument(
            "--until-idle", action="store_true", help="Thoát khi không còn lượt nào đến hạn."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        worker = OutboxWorker(
            concurrency=options["concurrency"],
            interval=options["interval"],
            db_connections=options["db_connections"],
            record_batch=options["record_batch"],
            record_linger=options["record_linger"],
        )

        def stop(*_: object) -> None:
            worker.stop()

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        stats = worker.run(until_idle=options["until_idle"])
        if options["verbosity"] > 0:
            self.stdout.write(
                f"claimed {stats.claimed}, sent {stats.sent}, other {stats.other}, "
                f"paced {stats.paced_seconds:.1f}s"
            )
