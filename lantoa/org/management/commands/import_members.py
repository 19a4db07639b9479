"""manage.py import_members FILE — import a member list (CSV or XLSX).

Thin: resolves the options, calls `member_import_file`, prints its report.
Exits non-zero when invalid rows block the import (also in a dry run, so a
script can check a file before importing it).
"""

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from lantoa.core.commands import command_actor
from lantoa.core.exceptions import LantoaError
from lantoa.org.importing.columns import parse_mapping
from lantoa.org.importing.processing import member_import_file
from lantoa.org.models import OrgUnit

PHASES = {"validate": "Kiểm tra", "write": "Ghi"}


class _Stream:
    """tqdm writes partial lines; Django's OutputWrapper would end each write."""

    def __init__(self, wrapper: Any) -> None:
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, ending="")

    def flush(self) -> None:
        self.wrapper.flush()

    def isatty(self) -> bool:
        return bool(self.wrapper.isatty())


class _ProgressBars:
    def __init__(self, stream: _Stream, enabled: bool | None) -> None:
        self.stream = stream
        self.enabled = enabled
        self.bars: dict[str, tqdm[Any]] = {}

    def __call__(self, phase: str, done: int, total: int | None) -> None:
        bar = self.bars.get(phase)
        if bar is None:
            bar = tqdm(
                total=total,
                desc=PHASES.get(phase, phase),
                unit=" dòng",
                file=self.stream,
                disable=not self.enabled if self.enabled is not None else None,
            )
            self.bars[phase] = bar
        if total is not None and bar.total != total:
            bar.total = total
        bar.update(done - bar.n)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()


class Command(BaseCommand):
    help = "Nhập danh sách đoàn viên từ tệp CSV hoặc XLSX (theo mã nhân viên)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Tệp .csv hoặc .xlsx")
        parser.add_argument("--unit", help="Mã đơn vị cho các dòng không ghi đơn vị")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="Nhập các dòng hợp lệ, bỏ qua dòng lỗi"
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="'CỘT=trường'",
            help="Ánh xạ cột, ví dụ --map 'Người lao động=full_name' (lặp lại được)",
        )
        parser.add_argument(
            "--actor",
            help="Tên đăng nhập của người nhập: giới hạn theo phạm vi và ghi vào nhật ký "
            "(mặc định: người vận hành, không giới hạn)",
        )
        parser.add_argument(
            "--progress",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="Hiện/ẩn thanh tiến độ (mặc định: hiện khi chạy trong terminal)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = command_actor(options["actor"])
        unit = None
        if options["unit"]:
            unit = OrgUnit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị mang mã «{options['unit']}».")
        bars = _ProgressBars(_Stream(self.stderr), options["progress"])
        try:
            result = member_import_file(
                path=options["file"],
                actor=actor,
                default_unit=unit,
                dry_run=options["dry_run"],
                skip_invalid=options["skip_invalid"],
                mapping=parse_mapping(options["map"]) if options["map"] else None,
                progress=bars,
            )
        except LantoaError as exc:
            raise CommandError(exc.message) from exc
        except OSError as exc:
            raise CommandError(f"Không mở được tệp «{options['file']}»: {exc.strerror}.") from exc
        finally:
            bars.close()
        for line in result.summary_lines():
            self.stdout.write(line)
        if result.blocked:
            raise CommandError(f"Có {result.invalid_rows} dòng lỗi: không nhập gì.")
