"""manage.py export_members --unit CODE OUT.xlsx — a subtree's members to XLSX,
in the layout `import_members` reads back."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantoa.core.commands import command_actor
from lantoa.core.exceptions import LantoaError
from lantoa.org.exporting import member_export_xlsx
from lantoa.org.models import OrgUnit


class Command(BaseCommand):
    help = "Xuất đoàn viên của một đơn vị (và các đơn vị trực thuộc) ra tệp XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", help="Tệp .xlsx sẽ ghi")
        parser.add_argument("--unit", required=True, help="Mã đơn vị")
        parser.add_argument("--actor", help="Tên đăng nhập: chỉ xuất đoàn viên người này được xem")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = command_actor(options["actor"])
        unit = OrgUnit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị mang mã «{options['unit']}».")
        try:
            count = member_export_xlsx(actor=actor, unit=unit, out=options["out"])
        except LantoaError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Đã xuất {count} đoàn viên của «{unit.name}» vào {options['out']}.")
