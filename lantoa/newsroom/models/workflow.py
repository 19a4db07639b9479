"""The approval step of the editorial workflow, driven by the org roles.

Who may approve is not a Wagtail group: it is whoever holds
`Perm.CONTENT_APPROVE` at the page's unit or above, asked through
`lantoa.org.scoping` at the moment of the decision. A role granted or revoked
in the org tree changes who may approve at once, with nothing to sync.
"""

from typing import Any

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Task, TaskState

from lantoa.org.choices import Perm
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import scope_paths, user_can


def unit_of(obj: Any) -> OrgUnit | None:
    """The org unit that owns a page: its own `unit`, or that of its site."""
    unit = getattr(obj, "unit", None)
    if isinstance(unit, OrgUnit):
        return unit
    if isinstance(obj, Page):
        from lantoa.newsroom.selectors import site_home_for

        home = site_home_for(obj)
        return home.unit if home is not None else None
    return None


class UnitApprovalTask(Task):
    """Approval by the approvers of the page's unit or of any unit above it."""

    class Meta:
        verbose_name = _("Duyệt theo đơn vị")
        verbose_name_plural = _("Duyệt theo đơn vị")

    def _can_approve(self, obj: Any, user: Any) -> bool:
        if user.is_superuser:
            return True
        return user_can(user, Perm.CONTENT_APPROVE, unit_of(obj))

    def user_can_access_editor(self, obj: Any, user: Any) -> bool:
        return self._can_approve(obj, user)

    def locked_for_user(self, obj: Any, user: Any) -> bool:
        return not self._can_approve(obj, user)

    def user_can_lock(self, obj: Any, user: Any) -> bool:
        return self._can_approve(obj, user)

    def user_can_unlock(self, obj: Any, user: Any) -> bool:
        return False

    def get_actions(self, obj: Any, user: Any) -> list[tuple[str, Any, bool]]:
        if not self._can_approve(obj, user):
            return []
        return [
            ("reject", _("Yêu cầu sửa"), True),
            ("approve", _("Duyệt"), False),
            ("approve", _("Duyệt kèm ý kiến"), True),
        ]

    def get_task_states_user_can_moderate(self, user: Any, **kwargs: Any) -> QuerySet[TaskState]:
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return states
        paths = scope_paths(user, Perm.CONTENT_APPROVE)
        if paths is None:
            return states
        if not paths:
            return TaskState.objects.none()
        from lantoa.newsroom.models.pages import UnitSiteHome

        unit_q = Q()
        for unit_path in paths:
            unit_q |= Q(unit__path__startswith=unit_path)
        page_q = Q()
        for home_path in UnitSiteHome.objects.filter(unit_q).values_list("path", flat=True):
            page_q |= Q(path__startswith=home_path)
        if not page_q:
            return TaskState.objects.none()
        page_ids = Page.objects.filter(page_q).annotate(sid=Cast("id", CharField()))
        return states.filter(workflow_state__object_id__in=page_ids.values("sid"))

    @classmethod
    def get_description(cls) -> str:
        return str(
            _("Người duyệt của đơn vị sở hữu trang, hoặc của đơn vị cấp trên, duyệt bước này")
        )
