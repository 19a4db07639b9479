"""Wagtail permission policies whose every answer comes from `scoping`
(docs/subsystems/org-scoping.md).

Wagtail's admin asks a policy three kinds of question: may this user do
`action` to some instance (menus, header buttons), to this instance (edit,
delete), and which instances (listings). A role grants its `Perm`s over the
subtree of the unit where it is held, so each answer is a prefix match on the
unit path of the object; Django's model permissions play no part.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy

from lantoa.core.actors import Actor
from lantoa.core.models import AuditLogEntry
from lantoa.org import scoping
from lantoa.org.choices import Perm
from lantoa.org.models import Member, OrgUnit, RoleAssignment

VIEW_ACTIONS = frozenset({"view"})
CHANGE_ACTIONS = frozenset({"add", "change", "delete"})


class ScopedPermissionPolicy(BasePermissionPolicy):
    """Maps Wagtail's actions to a pair of scoping perms over one model.

    `view` → `view_perm`; `add`, `change` and `delete` → `change_perm`; any
    other action (publish, lock, …) is never granted. `path_field` is the
    lookup from the model to the path of the unit it belongs to (for
    listings); `unit_field`, when the path is a copy on the model itself
    (`Member.unit_path`), names the unit relation (for single objects).
    """

    def __init__(
        self,
        model: type[models.Model],
        *,
        view_perm: str,
        change_perm: str,
        path_field: str,
        unit_field: str | None = None,
    ) -> None:
        super().__init__(model)
        self.view_perm = view_perm
        self.change_perm = change_perm
        self.path_field = path_field
        self.unit_field = unit_field

    # --- mapping ---------------------------------------------------------------

    def perm_for(self, action: str) -> str | None:
        if action in VIEW_ACTIONS:
            return self.view_perm
        if action in CHANGE_ACTIONS:
            return self.change_perm
        return None

    def perms_for(self, actions: Any) -> list[str]:
        return sorted({p for p in (self.perm_for(a) for a in actions) if p is not None})

    def unit_of(self, instance: models.Model) -> OrgUnit | None:
        """The unit an instance belongs to, following `path_field`."""
        if self.unit_field:
            relations = self.unit_field.split("__")
        else:
            *relations, _path = self.path_field.split("__")
        obj: Any = instance
        for name in relations:
            obj = getattr(obj, name, None)
        return obj if isinstance(obj, OrgUnit) else None

    # --- model-wide questions ----------------------------------------------------

    def user_has_permission(self, user: Actor, action: str) -> bool:
        perm = self.perm_for(action)
        return perm is not None and scoping.user_has_any(user, perm)

    def user_has_any_permission(self, user: Actor, actions: Any) -> bool:
        return any(scoping.user_has_any(user, perm) for perm in self.perms_for(actions))

    # --- per-instance questions --------------------------------------------------

    def user_has_permission_for_instance(
        self, user: Actor, action: str, instance: models.Model
    ) -> bool:
        perm = self.perm_for(action)
        return perm is not None and scoping.user_can(user, perm, self.unit_of(instance))

    def user_has_any_permission_for_instance(
        self, user: Actor, actions: Any, instance: models.Model
    ) -> bool:
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_any_permission_for(
        self, user: Actor, actions: Any
    ) -> models.QuerySet[Any]:
        manager = self.model._default_manager
        perms = self.perms_for(actions)
        if not perms:
            return manager.none()
        # Each perm yields an OR of prefix matches; several perms OR together.
        querysets = [
            scoping.filter_by_scope(manager.all(), user, perm, path_field=self.path_field)
            for perm in perms
        ]
        result = querysets[0]
        for queryset in querysets[1:]:
            result = result | queryset
        return result

    # --- who holds a permission (used by Wagtail for notifications) -------------

    def _roles_granting(self, actions: Any) -> list[str]:
        perms = set(self.perms_for(actions))
        return sorted(role for role, granted in scoping.ROLE_PERMISSIONS.items() if perms & granted)

    def users_with_any_permission(self, actions: Any) -> models.QuerySet[Any]:
        roles = self._roles_granting(actions)
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(
                Q(is_superuser=True)
                | Q(unit_roles__role__in=roles, unit_roles__unit__is_active=True)
            )
            .distinct()
        )

    def users_with_any_permission_for_instance(
        self, actions: Any, instance: models.Model
    ) -> models.QuerySet[Any]:
        path = self.path_of(instance)
        # A role covers its unit's subtree, so the holders sit at ancestors of
        # the instance's unit (or at the unit itself).
        ancestors = scoping.path_prefixes(path)
        roles = self._roles_granting(actions)
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(
                Q(is_superuser=True)
                | Q(
                    unit_roles__role__in=roles,
                    unit_roles__unit__is_active=True,
                    unit_roles__unit__path__in=ancestors,
                )
            )
            .distinct()
        )

    def path_of(self, instance: models.Model) -> str:
        unit = self.unit_of(instance)
        return unit.path if unit is not None else ""


class AuditLogPermissionPolicy(ScopedPermissionPolicy):
    """The audit log is read-only, and its entries carry a unit path rather
    than a unit (so `core` need not know about units)."""

    def __init__(self) -> None:
        super().__init__(
            AuditLogEntry,
            view_perm=Perm.AUDIT_VIEW,
            # Nobody edits the log: the change perm is one no role holds.
            change_perm="audit.never",
            path_field="unit_path",
        )

    def perm_for(self, action: str) -> str | None:
        return self.view_perm if action in VIEW_ACTIONS else None

    def path_of(self, instance: models.Model) -> str:
        return str(getattr(instance, "unit_path", "") or "")

    def user_has_permission_for_instance(
        self, user: Actor, action: str, instance: models.Model
    ) -> bool:
        perm = self.perm_for(action)
        if perm is None:
            return False
        paths = scoping.scope_paths(user, perm)
        if paths is None:
            return True
        # Entries with no unit (e.g. a root created by a superuser) are
        # superuser-only: "" starts with no prefix.
        path = self.path_of(instance)
        return bool(path) and any(path.startswith(prefix) for prefix in paths)


class SeenWiderPolicy(ScopedPermissionPolicy):
    """Managed by the owner's scope; *seen* (the view actions) by the wider
    set of users `visible(user)` names (a campaign by the units it addresses,
    a fact by the units below its owner)."""

    def visible(self, user: Actor) -> models.QuerySet[Any]:
        raise NotImplementedError

    def instances_user_has_any_permission_for(
        self, user: Actor, actions: Any
    ) -> models.QuerySet[Any]:
        if set(actions) <= VIEW_ACTIONS:
            return self.visible(user)
        return super().instances_user_has_any_permission_for(user, actions)

    def user_has_permission_for_instance(
        self, user: Actor, action: str, instance: models.Model
    ) -> bool:
        if super().user_has_permission_for_instance(user, action, instance):
            return True
        return action in VIEW_ACTIONS and self.visible(user).filter(pk=instance.pk).exists()


def content_policy(
    model: type[models.Model],
    path_field: str = "unit__path",
    policy: type[ScopedPermissionPolicy] = ScopedPermissionPolicy,
) -> ScopedPermissionPolicy:
    """The policy of content a unit's officers manage (`Perm.CONTENT_EDIT` to
    see and to change), in the subtree of the unit `path_field` leads to."""
    return policy(
        model, view_perm=Perm.CONTENT_EDIT, change_perm=Perm.CONTENT_EDIT, path_field=path_field
    )


unit_permission_policy = ScopedPermissionPolicy(
    OrgUnit, view_perm=Perm.UNIT_VIEW, change_perm=Perm.UNIT_CHANGE, path_field="path"
)
member_permission_policy = ScopedPermissionPolicy(
    # Members carry their unit's path (scoping.members_for says why).
    Member,
    view_perm=Perm.MEMBER_VIEW,
    change_perm=Perm.MEMBER_CHANGE,
    path_field="unit_path",
    unit_field="unit",
)
role_permission_policy = ScopedPermissionPolicy(
    RoleAssignment,
    view_perm=Perm.ROLE_VIEW,
    change_perm=Perm.ROLE_CHANGE,
    path_field="unit__path",
)
audit_permission_policy = AuditLogPermissionPolicy()
