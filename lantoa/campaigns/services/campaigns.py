"""Writes of campaigns: the campaign with its phases, and the links from a
campaign to its content (articles, posts, bulletin issues)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from lantoa.campaigns.choices import CampaignAction, ItemKind
from lantoa.campaigns.models import Campaign, CampaignItem, CampaignPhase
from lantoa.campaigns.services.common import in_subtree
from lantoa.channels.public import Post
from lantoa.core.actors import Actor, actor_user_id
from lantoa.core.audit import audit_record, changed_fields
from lantoa.core.exceptions import InvalidInput
from lantoa.core.figures import MAX_ITEMS, MAX_PARTICIPANTS, MAX_PERCENT, MAX_REACH, figure_problem
from lantoa.newsroom.public import ArticlePage
from lantoa.org.choices import Perm
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import require_perm

HASHTAGS_MAX_LENGTH = 500  # Campaign.hashtags
CAMPAIGN_FIELDS = (
    "name", "description", "starts_on", "ends_on", "key_messages", "hashtags",
    "goal_articles", "goal_posts", "goal_reach", "goal_participants", "goal_unit_share",
)  # fmt: skip


@dataclass(frozen=True)
class PhaseData:
    kind: str
    starts_on: date
    ends_on: date
    name: str = ""
    description: str = ""


def campaign_validate(campaign: Campaign, phases: list[CampaignPhase]) -> None:
    """Raise InvalidInput (Vietnamese) unless the campaign and its phases hold together."""
    if campaign.ends_on < campaign.starts_on:
        raise InvalidInput("Ngày kết thúc chiến dịch phải sau ngày bắt đầu.")
    if campaign.goal_unit_share is not None and campaign.goal_unit_share > 100:
        raise InvalidInput("Tỉ lệ đơn vị tham gia không thể vượt quá 100%.")
    for label, value, maximum in (
        ("Mục tiêu số tin bài", campaign.goal_articles, MAX_ITEMS),
        ("Mục tiêu số bài đăng", campaign.goal_posts, MAX_ITEMS),
        ("Mục tiêu lượt tiếp cận", campaign.goal_reach, MAX_REACH),
        ("Mục tiêu lượt người tham gia", campaign.goal_participants, MAX_PARTICIPANTS),
        ("Mục tiêu % đơn vị tham gia", campaign.goal_unit_share, MAX_PERCENT),
    ):
        if problem := figure_problem(label, value, maximum):
            raise InvalidInput(problem)
    if len(campaign.hashtags or "") > HASHTAGS_MAX_LENGTH:
        raise InvalidInput(f"Các hashtag dài quá {HASHTAGS_MAX_LENGTH} ký tự.")
    if campaign.target_unit is not None and not in_subtree(campaign.target_unit, campaign.unit):
        raise InvalidInput("Phạm vi triển khai phải là đơn vị chủ trì hoặc một đơn vị cấp dưới.")
    previous_start: date | None = None
    for number, phase in enumerate(phases, start=1):
        label = phase.name or phase.get_kind_display()
        if phase.ends_on < phase.starts_on:
            raise InvalidInput(f"Giai đoạn {number} ({label}): ngày kết thúc trước ngày bắt đầu.")
        if phase.starts_on < campaign.starts_on or phase.ends_on > campaign.ends_on:
            raise InvalidInput(
                f"Giai đoạn {number} ({label}) phải nằm trong thời gian của chiến dịch."
            )
        if previous_start is not None and phase.starts_on < previous_start:
            raise InvalidInput("Các giai đoạn phải xếp theo thứ tự thời gian.")
        previous_start = phase.starts_on


@transaction.atomic
def campaign_save(*, actor: Actor, campaign: Campaign) -> Campaign:
    """Create or update `campaign` with the phases it holds in memory (the
    admin's inline form, or `campaign_create`). Needs `Perm.CONTENT_EDIT` at
    the owning unit, before and after the change. Audited."""
    creating = campaign.pk is None
    before: dict[str, Any] = {}
    if not creating:
        stored = Campaign.objects.select_related("unit").get(pk=campaign.pk)
        require_perm(actor, Perm.CONTENT_EDIT, stored.unit)
        before = {name: getattr(stored, name) for name in CAMPAIGN_FIELDS}
        before["unit"] = stored.unit_id
    require_perm(actor, Perm.CONTENT_EDIT, campaign.unit)
    phases = sorted(campaign.phases.all(), key=lambda p: p.sort_order or 0)
    campaign_validate(campaign, phases)
    for order, phase in enumerate(phases):
        phase.sort_order = order
    if creating:
        campaign.created_by_id = actor_user_id(actor)
    campaign.save()
    after = {name: getattr(campaign, name) for name in CAMPAIGN_FIELDS}
    after["unit"] = campaign.unit_id
    audit_record(
        actor=actor,
        action=CampaignAction.CAMPAIGN_CREATE if creating else CampaignAction.CAMPAIGN_UPDATE,
        target=campaign,
        unit_path=campaign.unit.path,
        data={"phases": len(phases)}
        if creating
        else {"changed": changed_fields(before, after), "phases": len(phases)},
    )
    return campaign


def campaign_create(
    *,
    actor: Actor,
    unit: OrgUnit,
    name: str,
    starts_on: date,
    ends_on: date,
    phases: list[PhaseData] | None = None,
    target_unit: OrgUnit | None = None,
    **fields: Any,
) -> Campaign:
    """A new campaign with `phases` in the given order (see `campaign_save`)."""
    unknown = set(fields) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise InvalidInput(f"Trường không hợp lệ: {', '.join(sorted(unknown))}.")
    campaign = Campaign(
        unit=unit,
        name=name.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        target_unit=target_unit,
        **fields,
    )
    campaign.phases = [  # type: ignore[assignment]  # modelcluster accepts a list
        CampaignPhase(
            sort_order=order,
            kind=p.kind,
            name=p.name,
            starts_on=p.starts_on,
            ends_on=p.ends_on,
            description=p.description,
        )
        for order, p in enumerate(phases or [])
    ]
    return campaign_save(actor=actor, campaign=campaign)


# ------------------------------------------------------------------- content


def item_kind_and_unit(obj: models.Model) -> tuple[str, OrgUnit | None]:
    """What a piece of content is for a campaign, and the unit it belongs to.

    Bulletin issues are recognised by their model label, so the campaign
    links reach the bulletin without importing it.
    """
    if isinstance(obj, ArticlePage):
        return ItemKind.ARTICLE, obj.unit
    if isinstance(obj, Post):
        return ItemKind.POST, obj.unit
    if obj._meta.label == "bulletin.Issue":
        return ItemKind.BULLETIN_ISSUE, obj.bulletin.unit  # type: ignore[attr-defined]
    raise InvalidInput("Chỉ gắn được tin bài, bài đăng hoặc số bản tin vào chiến dịch.")


def _title_of(obj: models.Model) -> str:
    title = getattr(obj, "title", None) or str(obj)
    return str(title)[:255]


@transaction.atomic
def campaign_item_add(*, actor: Actor, campaign: Campaign, content: models.Model) -> CampaignItem:
    """Link `content` to `campaign`. Idempotent.

    The content must belong to a unit inside the campaign's target subtree,
    and the actor must manage that unit's content.
    """
    kind, unit = item_kind_and_unit(content)
    if unit is None:
        raise InvalidInput("Nội dung này chưa thuộc đơn vị nào.")
    require_perm(actor, Perm.CONTENT_EDIT, unit)
    if not in_subtree(unit, campaign.scope_unit):
        raise InvalidInput("Nội dung không thuộc phạm vi triển khai của chiến dịch.")
    item, created = CampaignItem.objects.get_or_create(
        campaign=campaign,
        content_type=ContentType.objects.get_for_model(content),
        object_id=content.pk,
        defaults={
            "unit": unit,
            "kind": kind,
            "title": _title_of(content),
            "added_by_id": actor_user_id(actor),
        },
    )
    if created:
        audit_record(
            actor=actor,
            action=CampaignAction.ITEM_ADD,
            target=campaign,
            unit_path=unit.path,
            data={"kind": kind, "object_id": content.pk},
        )
    return item


@transaction.atomic
def campaign_item_remove(*, actor: Actor, item: CampaignItem) -> None:
    require_perm(actor, Perm.CONTENT_EDIT, item.unit)
    audit_record(
        actor=actor,
        action=CampaignAction.ITEM_REMOVE,
        target=item.campaign,
        unit_path=item.unit.path,
        data={"kind": item.kind, "object_id": item.object_id},
    )
    item.delete()
