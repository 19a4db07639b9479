"""Store the queued public votes now (the periodic job does it every few
seconds): before a maintenance stop, or by hand after a Redis incident."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lantoa.contests.services.votes import votes_drain


class Command(BaseCommand):
    help = "Ghi ngay các phiếu bình chọn đang chờ trong hàng đợi vào CSDL."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--wait",
            type=float,
            default=30.0,
            help="Số giây chờ khi một lượt ghi khác đang chạy.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        moved = votes_drain(wait=options["wait"])
        self.stdout.write(f"{moved}")
