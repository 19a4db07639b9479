"""Admin permission policies of campaigns, every answer from `org.scoping`
(the pattern of `lantoa.org.permissions`).

- campaigns and plan items: `Perm.CONTENT_EDIT` over the owning unit's
  subtree; a campaign is also *visible* to the units it addresses;
- directives: visible with `Perm.CONTENT_EDIT` over the sender, drafted and
  sent with `Perm.CONTENT_APPROVE` there;
- tasks: `Perm.CONTENT_EDIT` over the receiving unit — its own officers and
  those above it, never a sibling's.
"""

from typing import Any

from django.db import models

from lantoa.campaigns import selectors
from lantoa.campaigns.models import Campaign, Directive, DirectiveTask, PlanItem
from lantoa.org.choices import Perm
from lantoa.org.permissions import VIEW_ACTIONS, ScopedPermissionPolicy
from lantoa.org.scoping import AnyUser


class CampaignPermissionPolicy(ScopedPermissionPolicy):
    """Managed by the owner's scope; seen also by the scope it addresses."""

    def instances_user_has_any_permission_for(
        self, user: AnyUser, actions: Any
    ) -> models.QuerySet[Any]:
        if set(actions) <= VIEW_ACTIONS:
            return selectors.campaigns_for(user)
        return super().instances_user_has_any_permission_for(user, actions)

    def user_has_permission_for_instance(
        self, user: AnyUser, action: str, instance: models.Model
    ) -> bool:
        if super().user_has_permission_for_instance(user, action, instance):
            return True
        return action == "view" and selectors.campaigns_for(user).filter(pk=instance.pk).exists()


campaign_permission_policy = CampaignPermissionPolicy(
    Campaign, view_perm=Perm.CONTENT_EDIT, change_perm=Perm.CONTENT_EDIT, path_field="unit__path"
)
plan_item_permission_policy = ScopedPermissionPolicy(
    PlanItem, view_perm=Perm.CONTENT_EDIT, change_perm=Perm.CONTENT_EDIT, path_field="unit__path"
)
directive_permission_policy = ScopedPermissionPolicy(
    Directive,
    view_perm=Perm.CONTENT_EDIT,
    change_perm=Perm.CONTENT_APPROVE,
    path_field="sender_unit__path",
)
task_permission_policy = ScopedPermissionPolicy(
    DirectiveTask,
    view_perm=Perm.CONTENT_EDIT,
    change_perm=Perm.CONTENT_EDIT,
    path_field="unit__path",
)
