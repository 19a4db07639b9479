"""Retrain the sentiment model from officers' corrections; it replaces the active
model only if it beats it on corrections it never trained on.

    manage.py listening_model_retrain
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lantoa.core.exceptions import LantoaError
from lantoa.listening.actors import MANAGE_MODELS
from lantoa.listening.choices import ModelStatus
from lantoa.listening.services.retraining import listening_model_retrain


class Command(BaseCommand):
    help = "Huấn luyện lại mô hình từ nhãn cán bộ sửa; chỉ dùng nếu tốt hơn bản đang dùng."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            record = listening_model_retrain(actor=MANAGE_MODELS)
        except LantoaError as exc:
            raise CommandError(exc.message) from exc
        current, candidate = record.figures["current"], record.figures["candidate"]
        verdict = "đưa vào dùng" if record.status == ModelStatus.ACTIVE else "không đưa vào dùng"
        self.stdout.write(
            f"{record.version}: macro-F1 {candidate['macro_f1']} so với {current['macro_f1']} "
            f"của {current['version']} trên {record.figures['held_out']} nhãn kiểm tra — {verdict}."
        )
