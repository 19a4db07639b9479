"""E-mails of the article approval (the unit's workflow, models/workflow.py),
worded as the admin's buttons and as the posts' notices are: «Chờ duyệt»,
«Đã duyệt», «Yêu cầu sửa».

- a submission (and a resubmission after changes) asks the approvers of the
  article's unit (`org.selectors.unit_approvers`), not the site's
  superusers as Wagtail's notice does;
- each message is in the recipient's language (their admin preference,
  else Vietnamese), never in that of whoever clicked (Wagtail's falls back
  to the clicking user's language);
- queued after commit (`core.mail`).

Wagtail's own notices for workflow submission, approval and rejection are
replaced: `signal_handlers.connect` connects these handlers under Wagtail's
dispatch uids before Wagtail's admin app does, so Wagtail's are not added.
"""

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page, TaskState, WorkflowState

from lantoa.core.mail import mail_after_commit, mail_to_users
from lantoa.newsroom.models.workflow import UnitApprovalTask, unit_of
from lantoa.org.selectors import unit_approvers


def _admin(path: str) -> str:
    return f"{str(settings.WAGTAILADMIN_BASE_URL).rstrip('/')}{path}"


def _person(user: Any) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return _("Hệ thống")
    return str(user.get_full_name() or user.get_username())


def _page(obj: Any) -> Page | None:
    return obj.specific if isinstance(obj, Page) else None


def article_submitted_notify(*, task_state: TaskState, user: Any) -> int:
    """Ask the approvers of the page's unit to decide. Returns messages queued."""
    if not isinstance(task_state.task.specific, UnitApprovalTask):
        return 0
    page = _page(task_state.workflow_state.content_object)
    unit = unit_of(page) if page is not None else None
    if page is None or unit is None:
        return 0
    url = _admin(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    who = _person(user)

    def compose(recipient: Any) -> tuple[str, str]:
        subject = _("[Lantoa] Chờ duyệt: tin bài «%(title)s» của %(unit)s") % {
            "title": page.title,
            "unit": unit.name,
        }
        body = _(
            "%(who)s đã gửi duyệt tin bài «%(title)s» của %(unit)s.\n\n"
            "Xem trước, rồi «Duyệt» hoặc «Yêu cầu sửa»: %(url)s"
        ) % {"who": who, "title": page.title, "unit": unit.name, "url": url}
        return subject, body

    messages = mail_to_users(unit_approvers(unit), compose, exclude=user)
    mail_after_commit(messages)
    return len(messages)


def _tell_author(workflow_state: WorkflowState, user: Any, *, approved: bool) -> int:
    page = _page(workflow_state.content_object)
    author = workflow_state.requested_by
    if page is None or author is None:
        return 0
    unit = unit_of(page)
    comment = ""
    if not approved and workflow_state.current_task_state is not None:
        comment = workflow_state.current_task_state.specific.get_comment()
    edit_url = _admin(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    who = _person(user)
    unit_name = unit.name if unit is not None else ""

    def compose(recipient: Any) -> tuple[str, str]:
        values = {"who": who, "title": page.title, "unit": unit_name}
        if approved:
            subject = _("[Lantoa] Đã duyệt: tin bài «%(title)s»") % values
            lines = [_("%(who)s đã duyệt tin bài «%(title)s» của %(unit)s.") % values]
        else:
            subject = _("[Lantoa] Yêu cầu sửa: tin bài «%(title)s»") % values
            lines = [
                _("%(who)s yêu cầu sửa tin bài «%(title)s» của %(unit)s trước khi duyệt.") % values
            ]
        if comment:
            lines += ["", _("Ý kiến của người duyệt: %(comment)s") % {"comment": comment}]
        if approved and page.live:
            lines += ["", _("Xem tin: %(url)s") % {"url": page.get_full_url() or ""}]
        else:
            lines += ["", _("Sửa tin: %(url)s") % {"url": edit_url}]
        return subject, "\n".join(lines)

    messages = mail_to_users([author], compose, exclude=user)
    mail_after_commit(messages)
    return len(messages)


def article_approved_notify(*, workflow_state: WorkflowState, user: Any) -> int:
    """Tell the author the article was approved (and where it is)."""
    return _tell_author(workflow_state, user, approved=True)


def article_changes_requested_notify(*, workflow_state: WorkflowState, user: Any) -> int:
    """Tell the author what the approver asks to change."""
    return _tell_author(workflow_state, user, approved=False)
