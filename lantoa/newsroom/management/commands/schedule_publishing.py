"""`manage.py schedule_publishing`: start the scheduled-publishing task chain.

Idempotent: with a chained run already queued it does nothing. See
lantoa/newsroom/tasks.py for how publication at `go_live_at` / expiry at
`expire_at` is executed by the task worker.
"""

from typing import Any

from django.core.management.base import BaseCommand

from lantoa.newsroom.tasks import enqueue_publish_scheduled


class Command(BaseCommand):
    help = "Xếp lịch tác vụ xuất bản/hết hạn theo giờ hẹn cho worker (chạy lại không trùng)."

    def handle(self, *args: Any, **options: Any) -> None:
        queued = enqueue_publish_scheduled(chain=True)
        message = (
            "Đã xếp lịch." if queued else "Lịch đã có sẵn (hoặc backend không hỗ trợ hẹn giờ)."
        )
        self.stdout.write(self.style.SUCCESS(message))
