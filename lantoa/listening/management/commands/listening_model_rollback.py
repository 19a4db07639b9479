"""Stop using the active retrained model: the one it replaced serves again (or the
shipped default). One command, no data lost: the retired version stays on disk.

    manage.py listening_model_rollback
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lantoa.core.exceptions import LantoaError
from lantoa.listening.actors import MANAGE_MODELS
from lantoa.listening.services.retraining import listening_model_rollback


class Command(BaseCommand):
    help = "Quay lại mô hình trước (hoặc mô hình mặc định đi kèm)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            now = listening_model_rollback(actor=MANAGE_MODELS)
        except LantoaError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Đang dùng: {now.version if now else 'mô hình mặc định'}.")
