"""`manage.py sync_newsroom_permissions`: align Wagtail groups with org roles."""

from typing import Any

from django.core.management.base import BaseCommand

from lantoa.newsroom.actors import PERMISSIONS_SYNC
from lantoa.newsroom.services import newsroom_permissions_sync


class Command(BaseCommand):
    help = "Đồng bộ quyền trang tin (nhóm Wagtail, quy trình duyệt) theo vai trò trong tổ chức."

    def handle(self, *args: Any, **options: Any) -> None:
        report = newsroom_permissions_sync(actor=PERMISSIONS_SYNC)
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã đồng bộ: {report.groups_created} nhóm mới, thêm {report.memberships_added}, "
                f"bỏ {report.memberships_removed} thành viên, gán quy trình cho "
                f"{report.workflows_assigned} trang."
            )
        )
