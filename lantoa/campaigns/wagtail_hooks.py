"""Registration only: the campaigns app's permission policies, admin screens
and home-page panel (classes live in `permissions`, `viewsets`, `panels`)."""

from typing import Any

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from lantoa.campaigns.models import Campaign, Directive, DirectiveTask, PlanItem
from lantoa.campaigns.panels import DirectiveNoticesPanel
from lantoa.campaigns.permissions import (
    campaign_permission_policy,
    directive_permission_policy,
    plan_item_permission_policy,
    task_permission_policy,
)
from lantoa.campaigns.viewsets import CampaignsMenuGroup

# Policies first: Wagtail creates a fallback (Django model permissions) for a
# model the first time one is asked for, and refuses a registration after it.
register_permission_policy(Campaign, campaign_permission_policy)
register_permission_policy(PlanItem, plan_item_permission_policy)
register_permission_policy(Directive, directive_permission_policy)
register_permission_policy(DirectiveTask, task_permission_policy)


@hooks.register("register_admin_viewset")
def register_campaigns_admin() -> CampaignsMenuGroup:
    return CampaignsMenuGroup()


@hooks.register("construct_homepage_panels")
def add_directive_notices(request: Any, panels: list[Any]) -> None:
    panels.append(DirectiveNoticesPanel(request))
