"""Admin permission policy for the newsroom's unit-owned models (links, feedback).

Backed by `lantoa.org.scoping`: a user may act on a row when they hold
`Perm.CONTENT_EDIT` at the row's unit or above; superusers everywhere.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from wagtail.permission_policies.base import BasePermissionPolicy

from lantoa.org.choices import Perm
from lantoa.org.scoping import filter_by_scope, user_can, user_has_any


class UnitScopedPermissionPolicy(BasePermissionPolicy):
    def __init__(
        self, model: Any, *, perm: str = Perm.CONTENT_EDIT, path_field: str = "unit__path"
    ):
        super().__init__(model)
        self.perm = perm
        self.path_field = path_field

    def user_has_permission(self, user: Any, action: str) -> bool:
        return bool(user.is_active) and user_has_any(user, self.perm)

    def users_with_any_permission(self, actions: Any) -> QuerySet[Any]:
        # Only used by Wagtail for notifications; superusers and role holders.
        from django.db.models import Q

        return (
            get_user_model()
            .objects.filter(Q(is_superuser=True) | Q(unit_roles__isnull=False), is_active=True)
            .distinct()
        )

    def user_has_permission_for_instance(self, user: Any, action: str, instance: Any) -> bool:
        return bool(user.is_active) and user_can(user, self.perm, instance.unit)

    def instances_user_has_any_permission_for(self, user: Any, actions: Any) -> QuerySet[Any]:
        if not user.is_active:
            return self.model._default_manager.none()
        return filter_by_scope(self.model._default_manager.all(), user, self.perm, self.path_field)
