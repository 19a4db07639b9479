"""manage.py rebuild_member_counts [--unit CODE] — recount the per-unit active
member counters from the member rows (after a bulk load that bypassed them)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantoa.org.models import OrgUnit
from lantoa.org.services import member_counts_rebuild


class Command(BaseCommand):
    help = "Đếm lại số đoàn viên đang sinh hoạt của từng đơn vị từ danh sách đoàn viên."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", help="Mã đơn vị: chỉ đếm lại đơn vị này và cấp dưới")

    def handle(self, *args: Any, **options: Any) -> None:
        unit = None
        if options["unit"]:
            unit = OrgUnit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị mang mã «{options['unit']}».")
        wrong = member_counts_rebuild(unit)
        self.stdout.write(
            f"Đã đếm lại số đoàn viên của từng đơn vị: đã sửa {wrong} số liệu sai "
            "(số đếm của đơn vị hoặc đường dẫn đơn vị của đoàn viên)."
        )
