"""Campaign models, re-exported: campaigns and their content, the content
calendar's plan items, directives and their tasks."""

from lantoa.campaigns.models.calendar import PlanItem
from lantoa.campaigns.models.campaigns import Campaign, CampaignItem, CampaignPhase
from lantoa.campaigns.models.directives import (
    Directive,
    DirectiveTask,
    TaskNotice,
    TaskProof,
    TaskPublication,
)

__all__ = [
    "Campaign",
    "CampaignItem",
    "CampaignPhase",
    "Directive",
    "DirectiveTask",
    "PlanItem",
    "TaskNotice",
    "TaskProof",
    "TaskPublication",
]
