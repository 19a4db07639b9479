import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lantoa.core import periodic


class Command(BaseCommand):
    help = "Đưa các việc định kỳ (quét hàng đợi, số liệu, xuất bản hẹn giờ) vào hàng đợi."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Chạy một lượt rồi thoát.")
        parser.add_argument("--tick", type=float, default=5.0)

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            ran = periodic.run_due()
            if ran and options["verbosity"] > 1:
                self.stdout.write(", ".join(ran))
            if options["once"]:
                return
            time.sleep(options["tick"])
