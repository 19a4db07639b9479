"""Contests: an officer of a unit creates and edits a draft and submits it;
an approver of the same unit approves it (members see it), returns it with
a note, or cancels it."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from lantoa.contests.choices import AuditAction, ContestState
from lantoa.contests.exceptions import ContestStateInvalid
from lantoa.contests.models import Contest
from lantoa.contests.services.common import locked_contest
from lantoa.core.actors import Actor, actor_user
from lantoa.core.approval import (
    ApprovalActions,
    UnitApproval,
    eligible_units_refusal,
    require_known_fields,
    update_audited_with_units,
)
from lantoa.core.audit import audit_record
from lantoa.core.text import unique_slug
from lantoa.org import scoping
from lantoa.org.choices import Perm
from lantoa.org.public import OrgUnit

EDITABLE_FIELDS = (
    "title",
    "description",
    "rules",
    "entries_open_on",
    "entries_close_on",
    "voting_starts_at",
    "voting_ends_at",
    "max_entries_per_member",
    "jury_weight",
    "winners_count",
    "burst_threshold",
)


def _validate(contest: Contest, eligible: Iterable[OrgUnit]) -> None:
    errors: dict[str, str] = {}
    if not contest.title.strip():
        errors["title"] = "Hãy đặt tên cuộc thi."
    if contest.entries_close_on < contest.entries_open_on:
        errors["entries_close_on"] = "Hạn gửi ảnh phải sau ngày mở nhận ảnh."
    if contest.jury_weight > 100:
        errors["jury_weight"] = "Trọng số giám khảo từ 0 đến 100%."
    starts, ends = contest.voting_starts_at, contest.voting_ends_at
    if (starts is None) != (ends is None):
        errors["voting_ends_at"] = "Hãy ghi cả thời điểm bắt đầu và kết thúc bình chọn."
    elif starts is not None and ends is not None and ends <= starts:
        errors["voting_ends_at"] = "Kết thúc bình chọn phải sau khi bắt đầu."
    if contest.max_entries_per_member < 1:
        errors["max_entries_per_member"] = "Mỗi người gửi ít nhất một ảnh."
    if contest.burst_threshold < 1:
        errors["burst_threshold"] = "Ngưỡng phải lớn hơn 0."
    if refusal := eligible_units_refusal(eligible, contest.unit):
        errors["eligible_units"] = refusal
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def contest_create(
    *,
    actor: Actor,
    unit: OrgUnit,
    title: str,
    entries_open_on: date,
    entries_close_on: date,
    eligible_units: Iterable[OrgUnit] = (),
    **fields: Any,
) -> Contest:
    """A draft contest of `unit` (needs content editing rights over the unit)."""
    scoping.require_perm(actor, Perm.CONTENT_EDIT, unit)
    require_known_fields("contest_create", fields, EDITABLE_FIELDS)
    contest = Contest(
        unit=unit,
        title=title.strip(),
        entries_open_on=entries_open_on,
        entries_close_on=entries_close_on,
        created_by=actor_user(actor),
        **fields,
    )
    eligible = list(eligible_units)
    _validate(contest, eligible)
    contest.slug = unique_slug(Contest, contest.title, fallback="cuoc-thi-anh")
    contest.save()
    contest.eligible_units.set(eligible)
    audit_record(
        actor=actor, action=AuditAction.CONTEST_CREATE, target=contest, unit_path=unit.path
    )
    return contest


@transaction.atomic
def contest_update(
    *,
    actor: Actor,
    contest: Contest,
    eligible_units: Iterable[OrgUnit] | None = None,
    **fields: Any,
) -> Contest:
    """Change a draft (a submitted or approved contest keeps its rules)."""
    current = locked_contest(contest)
    scoping.require_perm(actor, Perm.CONTENT_EDIT, current.unit)
    if current.state != ContestState.DRAFT:
        raise ContestStateInvalid("Chỉ sửa được cuộc thi đang ở bản nháp.")
    require_known_fields("contest_update", fields, EDITABLE_FIELDS)
    return update_audited_with_units(
        current,
        fields,
        eligible_units,
        actor=actor,
        action=AuditAction.CONTEST_UPDATE,
        validate=_validate,
    )


APPROVAL = UnitApproval(
    model=Contest,
    states=ContestState,
    error=ContestStateInvalid,
    noun="cuộc thi",
    actions=ApprovalActions.named(AuditAction, "CONTEST"),
    rights=(scoping.require_perm, Perm.CONTENT_EDIT, Perm.CONTENT_APPROVE),
)


@transaction.atomic
def contest_submit(*, actor: Actor, contest: Contest) -> Contest:
    """Draft → waiting for the organising unit's approval."""
    return APPROVAL.submit(contest, actor=actor)


@transaction.atomic
def contest_approve(*, actor: Actor, contest: Contest) -> Contest:
    """Waiting → approved: members of the eligible units see it and send
    photos within its dates. Needs the approval right over the organiser."""
    return APPROVAL.approve(contest, actor=actor)


@transaction.atomic
def contest_return(*, actor: Actor, contest: Contest, note: str) -> Contest:
    """Waiting → draft, with the approver's note."""
    return APPROVAL.return_(contest, actor=actor, note=note)


@transaction.atomic
def contest_cancel(*, actor: Actor, contest: Contest, note: str = "") -> Contest:
    """Any state → cancelled (entries and votes are kept; its gallery is unpublished)."""

    def unpublish(current: Contest, _previous_state: str) -> None:
        from lantoa.contests.services.pages import contest_page_unpublish

        contest_page_unpublish(actor=actor, contest=current)

    return APPROVAL.cancel(contest, actor=actor, note=note, after=unpublish)
