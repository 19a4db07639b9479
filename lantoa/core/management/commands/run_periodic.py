import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from lantoa.core import periodic


class Command(BaseCommand):
    help = "Đưa các việc định kỳ (quét hàng đợi, số liệu, xuất bản hẹn giờ) vào hàng đợi."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Chạy một lượt rồi thoát.")
        parser.add_argument("--tick", type=float, default=5.0)

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            _drop_broken_connection()
            ran = periodic.run_due()
            if ran and options["verbosity"] > 1:
                self.stdout.write(", ".join(ran))
            if options["once"]:
                return
            time.sleep(options["tick"])


def _drop_broken_connection() -> None:
    """A connection the database dropped (restart, failover) is replaced on the
    next query instead of failing every tick for ever."""
    if (
        connection.connection is not None
        and not connection.in_atomic_block
        and not connection.is_usable()
    ):
        connection.close()
