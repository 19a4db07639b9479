"""`manage.py load_demo [--reset] [--members N]`: the demo union, for development only."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from devstack.demo.org.loader import DEMO_MEMBERS, demo_load
from lantoa.core.exceptions import LantoaError


class Command(BaseCommand):
    help = (
        "Nạp công đoàn mẫu (Công đoàn Dầu khí Việt Nam, các công đoàn trực thuộc, "
        "công đoàn cơ sở, đoàn viên giả lập) và các tài khoản mẫu. Chỉ chạy khi DEBUG bật."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Xóa dữ liệu mẫu và tài khoản mẫu hiện có rồi nạp lại.",
        )
        parser.add_argument(
            "--members",
            type=int,
            default=DEMO_MEMBERS,
            help=f"Số đoàn viên giả lập (mặc định {DEMO_MEMBERS:,}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["members"] < 0:
            raise CommandError("Số đoàn viên phải lớn hơn hoặc bằng 0.")
        try:
            result = demo_load(members=options["members"], reset=options["reset"])
        except LantoaError as exc:
            raise CommandError(exc.message) from exc
        if not result.loaded:
            self.stdout.write(
                f"Dữ liệu mẫu đã có sẵn ({result.units:,} đơn vị, {result.members:,} đoàn viên); "
                "bỏ qua. Dùng --reset để nạp lại."
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Đã nạp {result.units:,} đơn vị và {result.members:,} đoàn viên "
                    f"trong {result.seconds:.1f} giây."
                )
            )
        if result.accounts_created:
            self.stdout.write(f"Tài khoản mẫu đã tạo: {', '.join(result.accounts_created)}.")
