"""Rounds: an officer of a unit prepares one and submits it; the unit's
approver opens it for nominations; after the deadline it is closed and,
once the chain decided, the approver publishes the honour board."""

import uuid
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantoa.core.actors import Actor, actor_user
from lantoa.core.approval import require_known_fields
from lantoa.core.audit import audit_record
from lantoa.core.campaign_refs import campaign_visible_at
from lantoa.core.site_pages import owned_page_publish, owned_page_unpublish
from lantoa.core.text import unique_slug
from lantoa.honours.choices import AuditAction, RoundState, Theme
from lantoa.honours.exceptions import RoundStateInvalid
from lantoa.honours.models import HonourBoardPage, HonourRound
from lantoa.org import scoping
from lantoa.org.choices import Perm
from lantoa.org.public import OrgUnit


@transaction.atomic
def round_create(
    *,
    actor: Actor,
    unit: OrgUnit,
    title: str,
    nominations_close_on: date,
    theme: str = Theme.OTHER,
    **fields: Any,
) -> HonourRound:
    """A draft round of `unit` (content editing rights over the unit),
    optionally tied to a campaign (`campaign_ref`) the unit sees."""
    scoping.require_perm(actor, Perm.CONTENT_EDIT, unit)
    require_known_fields(
        "round_create", fields, {"description", "criteria", "quota_per_unit", "campaign_ref"}
    )
    if not title.strip():
        raise ValidationError({"title": "Hãy đặt tên đợt tôn vinh."})
    if theme not in Theme.values:
        raise ValidationError({"theme": "Dịp không hợp lệ."})
    _check_campaign(unit, fields.get("campaign_ref"))
    created = HonourRound.objects.create(
        unit=unit,
        title=title.strip(),
        slug=unique_slug(HonourRound, title, fallback="ton-vinh"),
        theme=theme,
        nominations_close_on=nominations_close_on,
        created_by=actor_user(actor),
        **fields,
    )
    audit_record(actor=actor, action=AuditAction.ROUND_CREATE, target=created, unit_path=unit.path)
    return created


def _locked(actor: Actor, round_: HonourRound, perm: str) -> HonourRound:
    """The round, locked, once `actor` holds `perm` over its organiser."""
    current = (
        HonourRound.objects.select_for_update(no_key=True).select_related("unit").get(pk=round_.pk)
    )
    scoping.require_perm(actor, perm, current.unit)
    return current


def _check_campaign(unit: OrgUnit, campaign_ref: uuid.UUID | None) -> None:
    if campaign_ref is not None and not campaign_visible_at(unit.path, campaign_ref):
        raise ValidationError(
            {"campaign_ref": "Chiến dịch này không triển khai tới đơn vị tổ chức đợt tôn vinh."}
        )


@transaction.atomic
def round_campaign_set(
    *, actor: Actor, round_: HonourRound, campaign_ref: uuid.UUID | None
) -> HonourRound:
    """Tie the round to a campaign its organiser sees, or untie it (content
    editing rights over the organiser); not once the board is published or
    the round cancelled."""
    current = _locked(actor, round_, Perm.CONTENT_EDIT)
    if current.state in (RoundState.PUBLISHED, RoundState.CANCELLED):
        raise RoundStateInvalid("Không đổi được chiến dịch của đợt đã công bố hoặc đã hủy.")
    _check_campaign(current.unit, campaign_ref)
    current.campaign_ref = campaign_ref
    current.save(update_fields=["campaign_ref", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.ROUND_CAMPAIGN_SET,
        target=current,
        unit_path=current.unit.path,
        data={"campaign_ref": str(campaign_ref) if campaign_ref else None},
    )
    return current


def _move(
    actor: Actor,
    round_: HonourRound,
    *,
    perm: str,
    allowed: tuple[str, ...],
    to: str,
    action: str,
    message: str,
    extra: tuple[str, ...] = (),
) -> HonourRound:
    current = _locked(actor, round_, perm)
    if current.state not in allowed:
        raise RoundStateInvalid(message)
    current.state = to
    fields = ["state", "updated_at"]
    if "approved_at" in extra:
        current.approved_at = timezone.now()
        current.approved_by = actor_user(actor)
        fields += ["approved_at", "approved_by"]
    if "published_at" in extra:
        current.published_at = timezone.now()
        fields.append("published_at")
    current.save(update_fields=fields)
    audit_record(actor=actor, action=action, target=current, unit_path=current.unit.path)
    return current


@transaction.atomic
def round_submit(*, actor: Actor, round_: HonourRound) -> HonourRound:
    return _move(
        actor, round_, perm=Perm.CONTENT_EDIT, allowed=(RoundState.DRAFT,),
        to=RoundState.PENDING, action=AuditAction.ROUND_SUBMIT,
        message="Chỉ trình duyệt được đợt đang ở bản nháp.",
    )  # fmt: skip


@transaction.atomic
def round_approve(*, actor: Actor, round_: HonourRound) -> HonourRound:
    """Waiting → open: the units below nominate members."""
    return _move(
        actor, round_, perm=Perm.CONTENT_APPROVE, allowed=(RoundState.PENDING,),
        to=RoundState.OPEN, action=AuditAction.ROUND_APPROVE,
        message="Chỉ duyệt được đợt đang chờ duyệt.", extra=("approved_at",),
    )  # fmt: skip


@transaction.atomic
def round_close(*, actor: Actor, round_: HonourRound) -> HonourRound:
    """Open → closed: no new nomination; those under way still climb."""
    return _move(
        actor, round_, perm=Perm.CONTENT_EDIT, allowed=(RoundState.OPEN,),
        to=RoundState.CLOSED, action=AuditAction.ROUND_CLOSE,
        message="Chỉ kết thúc được đợt đang nhận đề cử.",
    )  # fmt: skip


@transaction.atomic
def round_publish(*, actor: Actor, round_: HonourRound) -> HonourRound:
    """Closed → published by the organiser's approver: the honour board goes
    live on the organiser's site (when it has one)."""
    current = _move(
        actor, round_, perm=Perm.CONTENT_APPROVE, allowed=(RoundState.CLOSED,),
        to=RoundState.PUBLISHED, action=AuditAction.ROUND_PUBLISH,
        message="Hãy kết thúc nhận đề cử trước khi công bố.", extra=("published_at",),
    )  # fmt: skip
    owned_page_publish(actor=actor, owner=current, page_model=HonourBoardPage, field="round")
    return current


@transaction.atomic
def round_cancel(*, actor: Actor, round_: HonourRound) -> HonourRound:
    current = _move(
        actor, round_, perm=Perm.CONTENT_APPROVE,
        allowed=(RoundState.DRAFT, RoundState.PENDING, RoundState.OPEN, RoundState.CLOSED),
        to=RoundState.CANCELLED, action=AuditAction.ROUND_CANCEL,
        message="Không hủy được đợt đã công bố.",
    )  # fmt: skip
    owned_page_unpublish(actor=actor, owner=current, page_model=HonourBoardPage, field="round")
    return current
