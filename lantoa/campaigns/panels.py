"""The admin home page's in-app notices of directives: reminders of the
user's units' tasks, escalations of their children's overdue tasks, and how
many tasks are open in their scope."""

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest
from wagtail.admin.ui.components import Component

from lantoa.campaigns import selectors
from lantoa.campaigns.admin_views.common import TASKS, admin_url
from lantoa.campaigns.choices import OPEN_TASK_STATES, TaskState
from lantoa.org.choices import Perm
from lantoa.org.scoping import user_has_any

NOTICE_COUNT = 10


class DirectiveNoticesPanel(Component):
    name = "directive_notices"
    template_name = "campaigns/admin/home_notices.html"
    order = 90

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def render_html(self, parent_context: Mapping[str, Any] | None = None) -> str:
        if not user_has_any(self.request.user, Perm.CONTENT_EDIT):
            return ""
        return str(super().render_html(parent_context))

    def get_context_data(self, parent_context: Mapping[str, Any] | None) -> Mapping[str, Any]:
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
            "next": self.request.get_full_path(),
            "csrf_request": self.request,
        }
