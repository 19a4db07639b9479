"""Registration and check-in: a member of the organiser's subtree registers
and gets a check-in code (shown as a QR in the member area); at the door an
officer of the organising unit scans or types it."""

import re
import secrets
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from lantoa.core import events as domain_events
from lantoa.core.actors import Actor, actor_user
from lantoa.core.audit import audit_record
from lantoa.events.choices import AuditAction, EventState
from lantoa.events.events import ATTENDANCE_RECORDED
from lantoa.events.exceptions import (
    AlreadyCheckedIn,
    AlreadyRegistered,
    CheckInCodeUnknown,
    EventFull,
    EventNotOpen,
    EventStateInvalid,
    NotEligible,
)
from lantoa.events.models import Event, Registration
from lantoa.org import scoping
from lantoa.org.choices import MemberStatus, Perm
from lantoa.org.public import Member

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud at a door
CODE_LENGTH = 8
_CODE_RE = re.compile(rf"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")


def acts_for_member(*, actor: Actor, member: Member) -> bool:
    """The member themself (their own account)."""
    return bool(
        actor.is_authenticated and member.user_id is not None and member.user_id == actor.pk
    )


def is_eligible(event: Event, member: Member) -> bool:
    return member.status == MemberStatus.ACTIVE and member.unit_path.startswith(event.unit.path)


def registration_closes_at(event: Event) -> datetime:
    return event.registration_closes_at or event.starts_at


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """The check-in code in what a scanner or a person typed: case, spaces
    and dashes do not matter, and a code inside a longer text (a scanned
    link) is found. '' when there is none."""
    cleaned = re.sub(r"[\s\-]", "", text or "").upper()
    if len(cleaned) == CODE_LENGTH and _CODE_RE.fullmatch(cleaned):
        return cleaned
    match = re.search(r"(?:MA=|:)([A-Z0-9]{8})\b", cleaned)
    return match.group(1) if match and _CODE_RE.fullmatch(match.group(1)) else ""


@transaction.atomic
def registration_create(*, actor: Actor, event: Event, member: Member) -> Registration:
    """Register `member` (the member themself, or an officer of the
    organising unit for them) before registration closes, within the
    capacity. Locks the event row so that the last seat goes to one person."""
    locked = Event.objects.select_for_update(no_key=True).select_related("unit").get(pk=event.pk)
    if not acts_for_member(actor=actor, member=member):
        scoping.require_perm(actor, Perm.CONTENT_EDIT, locked.unit)
    if locked.state != EventState.APPROVED or timezone.now() > registration_closes_at(locked):
        raise EventNotOpen()
    if not is_eligible(locked, member):
        raise NotEligible()
    if Registration.objects.filter(event=locked, member=member).exists():
        raise AlreadyRegistered()
    if (
        locked.capacity is not None
        and Registration.objects.filter(event=locked).count() >= locked.capacity
    ):
        raise EventFull()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=locked,
                    member=member,
                    unit_id=member.unit_id,
                    unit_path=member.unit_path,
                    code=new_code(),
                )
            break
        except IntegrityError as exc:
            if Registration.objects.filter(event=locked, member=member).exists():
                raise AlreadyRegistered() from exc
            continue  # a code already taken: draw again
    else:
        raise RuntimeError("could not draw a free check-in code")
    audit_record(
        actor=actor,
        action=AuditAction.REGISTRATION_CREATE,
        target=registration,
        unit_path=member.unit_path,
        data={"event": locked.pk},
    )
    return registration


@transaction.atomic
def registration_cancel(*, actor: Actor, registration: Registration) -> None:
    """The member withdraws before the event (a checked-in registration stays)."""
    current = Registration.objects.select_related("event__unit", "member").get(pk=registration.pk)
    if not acts_for_member(actor=actor, member=current.member):
        scoping.require_perm(actor, Perm.CONTENT_EDIT, current.event.unit)
    if current.checked_in_at is not None or timezone.now() >= current.event.starts_at:
        raise EventStateInvalid("Không hủy được đăng ký khi sự kiện đã bắt đầu.")
    audit_record(
        actor=actor,
        action=AuditAction.REGISTRATION_CANCEL,
        target=current,
        unit_path=current.unit_path,
        data={"event": current.event_id},
    )
    current.delete()


@transaction.atomic
def checkin_record(*, actor: Actor, event: Event, code: str) -> Registration:
    """Check in the holder of `code` at `event` (content editing rights over
    the organising unit). A code of another event is unknown here; a second
    scan is refused with who was checked in and when. Announces
    `events.attendance_recorded`."""
    current = Event.objects.select_related("unit").get(pk=event.pk)
    scoping.require_perm(actor, Perm.CONTENT_EDIT, current.unit)
    if current.state != EventState.APPROVED:
        raise EventStateInvalid("Chỉ điểm danh được sự kiện đã duyệt.")
    found = normalise_code(code)
    registration = (
        Registration.objects.select_for_update(no_key=True)
        .select_related("member", "unit")
        .filter(event=current, code=found)
        .first()
        if found
        else None
    )
    if registration is None:
        raise CheckInCodeUnknown()
    if registration.checked_in_at is not None:
        when = timezone.localtime(registration.checked_in_at)
        raise AlreadyCheckedIn(
            f"{registration.member.full_name} đã được điểm danh lúc {when:%H:%M %d/%m/%Y}."
        )
    registration.checked_in_at = timezone.now()
    registration.checked_in_by = actor_user(actor)
    registration.save(update_fields=["checked_in_at", "checked_in_by"])
    audit_record(
        actor=actor,
        action=AuditAction.CHECKIN_RECORD,
        target=registration,
        unit_path=registration.unit_path,
        data={"event": current.pk},
    )
    domain_events.announce(
        ATTENDANCE_RECORDED,
        key=f"registration:{registration.pk}:checkin",
        registration_id=registration.pk,
        event_id=current.pk,
        unit_id=registration.unit_id,
    )
    return registration
