"""A member's personal data request (Decree 13/2023): export or erase.

manage.py member_data export <employee code or public id> --out DIR [--actor USER]
manage.py member_data erase <employee code or public id> --yes [--actor USER]
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantoa.core.commands import command_actor
from lantoa.ops.services import member_data_export, member_erase
from lantoa.org.public import Member


class Command(BaseCommand):
    help = "Xuất (JSON + PDF) hoặc xoá dữ liệu cá nhân của một đoàn viên."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("member", help="Mã nhân viên hoặc mã định danh (public id).")
        parser.add_argument("--out", type=Path, help="Thư mục ghi tệp xuất.")
        parser.add_argument("--yes", action="store_true", help="Xác nhận xoá.")
        parser.add_argument("--actor", help="Tài khoản thực hiện (ghi vào nhật ký).")

    def handle(self, *args: Any, **options: Any) -> None:
        key = options["member"]
        member = Member.objects.filter(employee_code=key).first()
        if member is None:
            try:
                member = Member.objects.filter(public_id=key).first()
            except Exception:  # noqa: BLE001 - not a UUID either
                member = None
        if member is None:
            raise CommandError(f"Không có đoàn viên «{key}».")
        actor = command_actor(options["actor"])
        if options["action"] == "export":
            out: Path | None = options["out"]
            if out is None:
                raise CommandError("Cần --out: thư mục ghi tệp xuất.")
            out.mkdir(parents=True, exist_ok=True)
            as_json, pdf = member_data_export(actor=actor, member=member)
            stem = f"du-lieu-ca-nhan-{member.public_id}"
            (out / f"{stem}.json").write_bytes(as_json)
            (out / f"{stem}.pdf").write_bytes(pdf)
            self.stdout.write(f"Đã ghi {out / stem}.json và .pdf")
            return
        if not options["yes"]:
            raise CommandError("Xoá không hoàn tác được: thêm --yes để xác nhận.")
        member_erase(actor=actor, member=member)
        self.stdout.write(f"Đã xoá dữ liệu cá nhân của đoàn viên {member.public_id}.")
