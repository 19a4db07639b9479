"""Writes of the content calendar: plan items (what a unit intends to
publish, where, when and by whom), and marking them done with what they became."""

from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from lantoa.campaigns.choices import CalendarChannel, CampaignAction, PlanState
from lantoa.campaigns.models import Campaign, CampaignPhase, PlanItem
from lantoa.campaigns.services.campaigns import campaign_item_add, item_kind_and_unit
from lantoa.campaigns.services.common import in_subtree
from lantoa.core.actors import Actor, actor_user_id
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import InvalidInput
from lantoa.org.choices import Perm
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import require_perm, user_can

PLAN_FIELDS = ("title", "notes", "channel", "due_at", "campaign_id", "phase_id", "assignee_id")


def plan_item_validate(item: PlanItem) -> None:
    if item.channel not in CalendarChannel.values:
        raise InvalidInput("Kênh không hợp lệ.")
    if not item.title.strip():
        raise InvalidInput("Nội dung dự kiến không được để trống.")
    campaign = item.campaign
    if campaign is not None and not in_subtree(item.unit, campaign.scope_unit):
        raise InvalidInput("Đơn vị không thuộc phạm vi triển khai của chiến dịch.")
    if item.phase is not None and (campaign is None or item.phase.campaign_id != campaign.pk):
        raise InvalidInput("Giai đoạn không thuộc chiến dịch đã chọn.")
    if item.assignee is not None and not user_can(item.assignee, Perm.CONTENT_EDIT, item.unit):
        raise InvalidInput("Người thực hiện phải là cán bộ của đơn vị hoặc cấp trên.")


@transaction.atomic
def plan_item_save(*, actor: Actor, item: PlanItem) -> PlanItem:
    """Create or update a plan item; `Perm.CONTENT_EDIT` at its unit (before
    and after). Audited."""
    creating = item.pk is None
    if not creating:
        stored = PlanItem.objects.select_related("unit").get(pk=item.pk)
        require_perm(actor, Perm.CONTENT_EDIT, stored.unit)
    require_perm(actor, Perm.CONTENT_EDIT, item.unit)
    item.title = item.title.strip()
    plan_item_validate(item)
    if creating:
        item.created_by_id = actor_user_id(actor)
    item.save()
    audit_record(
        actor=actor,
        action=CampaignAction.PLAN_CREATE if creating else CampaignAction.PLAN_UPDATE,
        target=item,
        unit_path=item.unit.path,
        data={"due_at": item.due_at.isoformat(), "channel": item.channel},
    )
    return item


def plan_item_create(
    *,
    actor: Actor,
    unit: OrgUnit,
    title: str,
    channel: str,
    due_at: datetime,
    campaign: Campaign | None = None,
    phase: CampaignPhase | None = None,
    assignee: Any = None,
    notes: str = "",
) -> PlanItem:
    item = PlanItem(
        unit=unit,
        title=title,
        channel=channel,
        due_at=due_at,
        campaign=campaign,
        phase=phase,
        assignee=assignee,
        notes=notes,
    )
    return plan_item_save(actor=actor, item=item)


@transaction.atomic
def plan_item_complete(
    *, actor: Actor, item: PlanItem, content: models.Model | None = None
) -> PlanItem:
    """Mark the plan done, with what it became; that content joins the plan's
    campaign. The calendar then shows the content itself instead of the plan."""
    item = (
        PlanItem.objects.select_for_update(of=("self",))
        .select_related("unit", "campaign")
        .get(pk=item.pk)
    )
    require_perm(actor, Perm.CONTENT_EDIT, item.unit)
    if item.state == PlanState.CANCELLED:
        raise InvalidInput("Mục kế hoạch đã huỷ.")
    if content is not None:
        _, unit = item_kind_and_unit(content)
        if unit is None or not in_subtree(unit, item.unit):
            raise InvalidInput("Nội dung không thuộc đơn vị của kế hoạch.")
        item.content_type = ContentType.objects.get_for_model(content)
        item.object_id = content.pk
        if item.campaign is not None:
            campaign_item_add(actor=actor, campaign=item.campaign, content=content)
    item.state = PlanState.DONE
    item.save(update_fields=["state", "content_type", "object_id", "updated_at"])
    audit_record(
        actor=actor,
        action=CampaignAction.PLAN_COMPLETE,
        target=item,
        unit_path=item.unit.path,
        data={"object_id": item.object_id},
    )
    return item


@transaction.atomic
def plan_item_cancel(*, actor: Actor, item: PlanItem) -> PlanItem:
    require_perm(actor, Perm.CONTENT_EDIT, item.unit)
    item.state = PlanState.CANCELLED
    item.save(update_fields=["state", "updated_at"])
    audit_record(
        actor=actor, action=CampaignAction.PLAN_CANCEL, target=item, unit_path=item.unit.path
    )
    return item
