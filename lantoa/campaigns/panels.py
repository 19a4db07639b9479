"""The admin home page's in-app notices of directives: reminders of the
user's units' tasks, escalations of their children's overdue tasks, and how
many tasks are open in their scope."""

from typing import Any

from lantoa.campaigns import selectors
from lantoa.campaigns.admin_views.common import TASKS, admin_url
from lantoa.campaigns.choices import OPEN_TASK_STATES, TaskState
from lantoa.org.admin_blocks import PermissionPanel

NOTICE_COUNT = 10


class DirectiveNoticesPanel(PermissionPanel):
    name = "directive_notices"
    template_name = "campaigns/admin/home_notices.html"
    order = 90

    def panel_context(self) -> dict[str, Any]:
        user = self.request.user
        tasks = selectors.tasks_for(user)
        notices = list(selectors.notices_for(user)[:NOTICE_COUNT])
        return {
            "notices": [(n, admin_url(f"{TASKS}:detail", n.task_id)) for n in notices],
            "open_count": tasks.filter(state__in=OPEN_TASK_STATES).count(),
            "late_count": tasks.filter(state=TaskState.LATE).count(),
            "tasks_url": admin_url(f"{TASKS}:index"),
            "late_url": admin_url(f"{TASKS}:index", state=TaskState.LATE),
            "read_url_name": f"{TASKS}:notice_read",
        }
