"""Writes of press releases: drafting, the owning unit's approval, and the
schedule. A release leaves only after approval and never before its embargo
(docs/subsystems/press.md, "Releases")."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from lantoa.core.actors import Actor, actor_user_id
from lantoa.core.audit import audit_record, changed_fields
from lantoa.core.exceptions import InvalidInput
from lantoa.org.choices import Perm
from lantoa.org.scoping import require_perm
from lantoa.press.choices import FROZEN_STATES, PressAction, ReleaseKind, ReleaseState
from lantoa.press.models import Journalist, PressRelease, ReleaseRecipient
from lantoa.press.services.common import clean_beats, clean_email, clean_phone, snapshot

RELEASE_FIELDS = (
    "kind", "title", "summary", "body", "contact_name", "contact_phone", "contact_email",
    "campaign_ref", "event_at", "event_place", "beats", "embargo_until", "unit_id",
)  # fmt: skip


class ReleaseWrongState(InvalidInput):
    code = "release_wrong_state"


def _locked(release: PressRelease) -> PressRelease:
    return PressRelease.objects.select_for_update().select_related("unit").get(pk=release.pk)


def _require_state(release: PressRelease, *states: str) -> None:
    if release.state not in states:
        raise ReleaseWrongState(
            f"Thông cáo đang ở trạng thái “{release.get_state_display()}”, "
            "không thể thực hiện thao tác này."
        )


def release_validate(release: PressRelease) -> None:
    release.title = " ".join(release.title.split())
    if not release.title:
        raise InvalidInput("Hãy nhập tiêu đề thông cáo.")
    release.contact_email = clean_email(release.contact_email)
    release.contact_phone = clean_phone(release.contact_phone)
    release.beats = clean_beats(release.beats)
    if release.kind == ReleaseKind.INVITATION and (
        release.event_at is None or not release.event_place.strip()
    ):
        raise InvalidInput("Giấy mời cần thời gian và địa điểm của sự kiện.")


def _back_to_draft(release: PressRelease) -> None:
    release.state = ReleaseState.DRAFT
    release.submitted_at = None
    release.submitted_by_id = None
    release.approved_at = None
    release.approved_by_id = None


@transaction.atomic
def release_save(*, actor: Actor, release: PressRelease) -> PressRelease:
    """Create or update a release. Needs `Perm.CONTENT_EDIT` at the unit,
    before and after. A release that is waiting for approval or approved goes
    back to draft when its text changes (approval covers the exact text); one
    that is scheduled or sent cannot change. Audited."""
    creating = release.pk is None
    before: dict[str, Any] = {}
    if not creating:
        stored = _locked(release)
        require_perm(actor, Perm.CONTENT_EDIT, stored.unit)
        if stored.state in FROZEN_STATES:
            _require_state(stored, ReleaseState.DRAFT)
        before = snapshot(stored, RELEASE_FIELDS)
        release.state = stored.state
    require_perm(actor, Perm.CONTENT_EDIT, release.unit)
    release_validate(release)
    after = snapshot(release, RELEASE_FIELDS)
    changes = changed_fields(before, after) if not creating else {}
    if creating:
        release.state = ReleaseState.DRAFT
        release.created_by_id = actor_user_id(actor)
    elif changes and release.state != ReleaseState.DRAFT:
        _back_to_draft(release)
    release.save()
    audit_record(
        actor=actor,
        action=PressAction.RELEASE_CREATE if creating else PressAction.RELEASE_UPDATE,
        target=release,
        unit_path=release.unit.path,
        data={"title": release.title} if creating else {"changed": changes},
    )
    return release


@transaction.atomic
def release_set_recipients(
    *, actor: Actor, release: PressRelease, journalists: Sequence[Journalist]
) -> PressRelease:
    """Address the release to these journalists of the unit's contact book
    (replacing the list). Those who have not agreed to receive releases, or
    have unsubscribed, are refused by name. Like a text change, a new list
    sends an approved release back to draft."""
    release = _locked(release)
    require_perm(actor, Perm.CONTENT_EDIT, release.unit)
    _require_state(release, ReleaseState.DRAFT, ReleaseState.SUBMITTED, ReleaseState.APPROVED)
    foreign = [j.full_name for j in journalists if j.unit_id != release.unit_id]
    if foreign:
        raise InvalidInput("Chỉ gửi cho phóng viên trong danh bạ của đơn vị: " + ", ".join(foreign))
    refused = [j.full_name for j in journalists if not j.contactable]
    if refused:
        raise InvalidInput(
            "Phóng viên chưa đồng ý nhận thông cáo hoặc đã từ chối: " + ", ".join(refused)
        )
    wanted = {j.pk for j in journalists}
    current = set(release.recipients.values_list("journalist_id", flat=True))
    if wanted == current:
        return release
    release.recipients.exclude(journalist_id__in=wanted).delete()
    ReleaseRecipient.objects.bulk_create(
        [ReleaseRecipient(release=release, journalist_id=pk) for pk in sorted(wanted - current)]
    )
    if release.state != ReleaseState.DRAFT:
        _back_to_draft(release)
        release.save()
    audit_record(
        actor=actor,
        action=PressAction.RELEASE_UPDATE,
        target=release,
        unit_path=release.unit.path,
        data={"recipients": sorted(wanted)},
    )
    return release


def _contactable_count(release: PressRelease) -> int:
    return sum(
        1 for r in release.recipients.select_related("journalist") if r.journalist.contactable
    )


@transaction.atomic
def release_submit(*, actor: Actor, release: PressRelease) -> PressRelease:
    """Draft → waiting for the owning unit's approval. Needs
    `Perm.CONTENT_EDIT`, a text and at least one journalist who may receive it."""
    release = _locked(release)
    require_perm(actor, Perm.CONTENT_EDIT, release.unit)
    _require_state(release, ReleaseState.DRAFT)
    if not (release.summary.strip() or release.body.strip()):
        raise InvalidInput("Thông cáo chưa có nội dung.")
    if _contactable_count(release) == 0:
        raise InvalidInput("Hãy chọn ít nhất một phóng viên đồng ý nhận thông cáo.")
    release.state = ReleaseState.SUBMITTED
    release.submitted_at = timezone.now()
    release.submitted_by_id = actor_user_id(actor)
    release.save(update_fields=["state", "submitted_at", "submitted_by", "updated_at"])
    audit_record(
        actor=actor, action=PressAction.RELEASE_SUBMIT, target=release, unit_path=release.unit.path
    )
    return release


@transaction.atomic
def release_approve(*, actor: Actor, release: PressRelease) -> PressRelease:
    """Waiting → approved, by someone who may approve content at the owning
    unit (`Perm.CONTENT_APPROVE`: the unit's approvers and those above)."""
    release = _locked(release)
    require_perm(actor, Perm.CONTENT_APPROVE, release.unit)
    _require_state(release, ReleaseState.SUBMITTED)
    release.state = ReleaseState.APPROVED
    release.approved_at = timezone.now()
    release.approved_by_id = actor_user_id(actor)
    release.save(update_fields=["state", "approved_at", "approved_by", "updated_at"])
    audit_record(
        actor=actor, action=PressAction.RELEASE_APPROVE, target=release, unit_path=release.unit.path
    )
    return release


@transaction.atomic
def release_return(*, actor: Actor, release: PressRelease, reason: str = "") -> PressRelease:
    """Waiting or approved → draft (the approver sends it back, or the editor
    withdraws it). Needs `Perm.CONTENT_EDIT`."""
    release = _locked(release)
    require_perm(actor, Perm.CONTENT_EDIT, release.unit)
    _require_state(release, ReleaseState.SUBMITTED, ReleaseState.APPROVED)
    _back_to_draft(release)
    release.save()
    audit_record(
        actor=actor,
        action=PressAction.RELEASE_RETURN,
        target=release,
        unit_path=release.unit.path,
        data={"reason": reason.strip()[:1000]},
    )
    return release


@transaction.atomic
def release_schedule(
    *, actor: Actor, release: PressRelease, send_at: datetime | None = None
) -> PressRelease:
    """Approved → scheduled to leave at `send_at` (now when not given). It
    leaves at the later of that time and the embargo: the dispatcher checks
    the clock again when it runs. Needs `Perm.CONTENT_EDIT`."""
    release = _locked(release)
    require_perm(actor, Perm.CONTENT_EDIT, release.unit)
    _require_state(release, ReleaseState.APPROVED)
    if _contactable_count(release) == 0:
        raise InvalidInput("Không còn phóng viên nào đồng ý nhận thông cáo này.")
    now = timezone.now()
    release.send_at = max(send_at, now) if send_at is not None else now
    release.state = ReleaseState.SCHEDULED
    release.save(update_fields=["state", "send_at", "updated_at"])
    audit_record(
        actor=actor,
        action=PressAction.RELEASE_SCHEDULE,
        target=release,
        unit_path=release.unit.path,
        data={
            "send_at": release.send_at.isoformat(),
            "due_at": (release.due_at or release.send_at).isoformat(),
        },
    )
    from lantoa.press.services.dispatch import release_enqueue_dispatch

    release_enqueue_dispatch(release)
    return release


@transaction.atomic
def release_cancel(*, actor: Actor, release: PressRelease) -> PressRelease:
    """Scheduled → approved again, as long as it has not left."""
    release = _locked(release)
    require_perm(actor, Perm.CONTENT_EDIT, release.unit)
    _require_state(release, ReleaseState.SCHEDULED)
    release.state = ReleaseState.APPROVED
    release.send_at = None
    release.save(update_fields=["state", "send_at", "updated_at"])
    audit_record(
        actor=actor, action=PressAction.RELEASE_CANCEL, target=release, unit_path=release.unit.path
    )
    return release
