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
from lantoa.core.actors import Actor
from lantoa.org.admin_blocks import ScopedPermissionPolicy, SeenWiderPolicy, content_policy
from lantoa.org.choices import Perm


class CampaignPermissionPolicy(SeenWiderPolicy):
    """Managed by the owner's scope; seen also by the scope it addresses."""

    def visible(self, user: Actor) -> models.QuerySet[Any]:
        return selectors.campaigns_for(user)


campaign_permission_policy = content_policy(Campaign, policy=CampaignPermissionPolicy)
plan_item_permission_policy = content_policy(PlanItem)
directive_permission_policy = ScopedPermissionPolicy(
    Directive,
    view_perm=Perm.CONTENT_EDIT,
    change_perm=Perm.CONTENT_APPROVE,
    path_field="sender_unit__path",
)
task_permission_policy = content_policy(DirectiveTask)
