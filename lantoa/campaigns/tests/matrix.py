"""Campaigns' screens and operations in the generated permission matrix
(lantoa/tests/security/)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from lantoa.campaigns.choices import NoticeKind, RequiredAction
from lantoa.campaigns.models import TaskNotice, TaskProof
from lantoa.campaigns.tests.factories import (
    CampaignFactory,
    DirectiveFactory,
    DirectiveTaskFactory,
    PlanItemFactory,
)
from lantoa.newsroom.tests.factories import png_bytes
from lantoa.org.choices import Perm
from lantoa.tests.security.matrix import Screen


def campaign_at(unit, ctx):
    return CampaignFactory(unit=unit)


def plan_item_at(unit, ctx):
    return PlanItemFactory(unit=unit)


def directive_at(unit, ctx):
    return DirectiveFactory(sender_unit=unit)


def sent_directive_at(unit, ctx):
    return DirectiveFactory(sender_unit=unit, sent=True)


def task_at(unit, ctx):
    return DirectiveTaskFactory(
        unit=unit, directive=DirectiveFactory(sender_unit=ctx.tree.root, sent=True)
    )


def proof_at(unit, ctx):
    return TaskProof.objects.create(
        task=task_at(unit, ctx),
        action=RequiredAction.PUBLISH_SITE,
        screenshot=SimpleUploadedFile("chup.png", png_bytes(), content_type="image/png"),
    )


def notice_at(unit, ctx):
    return TaskNotice.objects.create(unit=unit, task=task_at(unit, ctx), kind=NoticeKind.values[0])


def public_id(obj):
    return [obj.public_id]


def addressed(role, position):
    """A campaign is seen by the units it addresses: one of the parent unit
    (addressed to its whole subtree) is visible from below, not changed."""
    if position == "parent" and role in ("officer", "approver", "administrator"):
        return "view"
    return None


def seen_from_below(verb):
    def expect(role, position):
        if addressed(role, position):
            return "ok" if verb == "view" else ("denied" if verb == "edit" else 403)
        return None

    return expect


def own_unit_only(role, position):
    # A notice is addressed to one unit: the role's own, not its subtree.
    if role in ("officer", "approver", "administrator") and position in ("child", "grandchild"):
        return 404
    return None


APPROVE = {"perm": Perm.CONTENT_APPROVE}

SCREENS = [
    Screen("campaigns_campaigns:inspect", "view", campaign_at, expect=seen_from_below("view")),
    Screen("campaigns_campaigns:edit", "view", campaign_at, expect=seen_from_below("edit")),
    Screen(
        "campaigns_campaigns:edit",
        "edit",
        campaign_at,
        "POST",
        label="campaigns_campaigns:edit[edit]",
        expect=seen_from_below("edit"),
    ),
    Screen("campaigns_plans:edit", "edit", plan_item_at, "POST"),
    Screen("campaigns_directives:detail", "view", directive_at),
    # A draft is its unit's officers' to change (once submitted, the approvers').
    Screen("campaigns_directives:edit", "edit", directive_at, "POST"),
    Screen("campaigns_directives:submit", "state", directive_at, "POST"),
    Screen("campaigns_directives:send", "state", directive_at, "POST", **APPROVE),
    Screen("campaigns_directives:compliance", "view", sent_directive_at),
    Screen("campaigns_tasks:detail", "view", task_at),
    Screen("campaigns_tasks:acknowledge", "state", task_at, "POST"),
    Screen("campaigns_tasks:adopt", "state", task_at, "POST"),
    Screen("campaigns_tasks:proof_screenshot", "view", proof_at, args=lambda p: [p.task_id, p.pk]),
    Screen("campaigns_tasks:notice_read", "state", notice_at, "POST", expect=own_unit_only),
    Screen(
        "api-v1:campaign_progress",
        "view",
        campaign_at,
        args=public_id,
        expect=seen_from_below("view"),
    ),
    Screen("api-v1:directive_send", "state", directive_at, "POST", args=public_id, **APPROVE),
    Screen("api-v1:directive_compliance", "view", sent_directive_at, args=public_id),
    Screen("api-v1:task_acknowledge", "state", task_at, "POST", args=public_id),
    Screen("api-v1:task_adopt", "state", task_at, "POST", args=public_id),
    Screen(
        "api-v1:task_proof",
        "edit",
        task_at,
        "POST",
        args=public_id,
        data=lambda obj: {"action": "publish_site", "url": "https://example.vn/tin/1"},
    ),
]
