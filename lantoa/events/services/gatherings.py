"""Events: an officer of a unit drafts an event with its speakers and
agenda and submits it; an approver of the same unit approves it (members of
the subtree see it and may register; its page goes live on the unit's site),
returns it with a note, or cancels it."""

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction

from lantoa.core import events as domain_events
from lantoa.core.actors import Actor, actor_user
from lantoa.core.approval import (
    ApprovalActions,
    UnitApproval,
    apply_fields,
    require_known_fields,
)
from lantoa.core.audit import audit_record, changed_fields
from lantoa.core.text import unique_slug
from lantoa.events.choices import AuditAction, EventMode, EventState
from lantoa.events.events import EVENT_APPROVED, EVENT_CANCELLED
from lantoa.events.exceptions import EventStateInvalid
from lantoa.events.models import AgendaItem, Event, Speaker
from lantoa.events.services.pages import event_page_publish, event_page_unpublish
from lantoa.org import scoping
from lantoa.org.choices import Perm
from lantoa.org.public import OrgUnit

EDITABLE_FIELDS = (
    "title",
    "summary",
    "description",
    "mode",
    "venue",
    "room_url",
    "starts_at",
    "ends_at",
    "registration_closes_at",
    "capacity",
    "questions_open",
    "share_text",
    "relay_down",
)
SPEAKER_FIELDS = ("full_name", "position", "organisation", "bio")
AGENDA_FIELDS = ("starts_at", "title", "speaker_name")


def room_url_problem(url: str) -> str:
    """Why `url` cannot be an online room ('' when it can): an https address
    of a meeting server (Jitsi, BigBlueButton); Lantoa hosts no video."""
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        return "Đường dẫn phòng họp phải bắt đầu bằng https:// (Jitsi, BigBlueButton)."
    if parts.username or parts.password:
        return "Đường dẫn phòng họp không được chứa tên đăng nhập hay mật khẩu."
    return ""


def _validate(event: Event) -> None:
    errors: dict[str, str] = {}
    if not event.title.strip():
        errors["title"] = "Hãy đặt tên sự kiện."
    if event.ends_at < event.starts_at:
        errors["ends_at"] = "Thời gian kết thúc phải sau thời gian bắt đầu."
    if event.registration_closes_at and event.registration_closes_at > event.ends_at:
        errors["registration_closes_at"] = "Hạn đăng ký phải trước khi sự kiện kết thúc."
    if event.mode not in EventMode.values:
        errors["mode"] = "Hình thức không hợp lệ."
    problem = room_url_problem(event.room_url)
    if problem:
        errors["room_url"] = problem
    elif event.mode in (EventMode.ONLINE, EventMode.HYBRID) and not event.room_url:
        errors["room_url"] = "Sự kiện trực tuyến cần đường dẫn phòng họp (Jitsi, BigBlueButton)."
    if event.mode in (EventMode.IN_PERSON, EventMode.HYBRID) and not event.venue.strip():
        errors["venue"] = "Sự kiện trực tiếp cần địa điểm."
    if event.capacity is not None and event.capacity < 1:
        errors["capacity"] = "Số chỗ phải lớn hơn 0."
    if errors:
        raise ValidationError(errors)


def _set_children(
    event: Event,
    speakers: Iterable[Mapping[str, Any]] | None,
    agenda: Iterable[Mapping[str, Any]] | None,
) -> None:
    if speakers is not None:
        rows = [
            Speaker(sort_order=i, **{k: v for k, v in s.items() if k in SPEAKER_FIELDS})
            for i, s in enumerate(speakers)
        ]
        if any(not row.full_name.strip() for row in rows):
            raise ValidationError({"speakers": "Hãy ghi họ tên của mỗi diễn giả."})
        event.speakers = rows  # type: ignore[assignment]
    if agenda is not None:
        items = [
            AgendaItem(sort_order=i, **{k: v for k, v in a.items() if k in AGENDA_FIELDS})
            for i, a in enumerate(agenda)
        ]
        items.sort(key=lambda item: item.starts_at)
        for i, item in enumerate(items):
            item.sort_order = i
        event.agenda = items  # type: ignore[assignment]


@transaction.atomic
def event_create(
    *,
    actor: Actor,
    unit: OrgUnit,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    speakers: Iterable[Mapping[str, Any]] = (),
    agenda: Iterable[Mapping[str, Any]] = (),
    **fields: Any,
) -> Event:
    """A draft event of `unit` (content editing rights over the unit)."""
    scoping.require_perm(actor, Perm.CONTENT_EDIT, unit)
    require_known_fields("event_create", fields, EDITABLE_FIELDS)
    event = Event(
        unit=unit,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        created_by=actor_user(actor),
        **fields,
    )
    _validate(event)
    event.slug = unique_slug(Event, event.title, fallback="su-kien")
    _set_children(event, list(speakers), list(agenda))
    event.save()
    audit_record(actor=actor, action=AuditAction.EVENT_CREATE, target=event, unit_path=unit.path)
    return event


APPROVAL = UnitApproval(
    model=Event,
    states=EventState,
    error=EventStateInvalid,
    noun="sự kiện",
    actions=ApprovalActions.named(AuditAction, "EVENT"),
    rights=(scoping.require_perm, Perm.CONTENT_EDIT, Perm.CONTENT_APPROVE),
    stamps_submission=False,
)


@transaction.atomic
def event_update(
    *,
    actor: Actor,
    event: Event,
    speakers: Iterable[Mapping[str, Any]] | None = None,
    agenda: Iterable[Mapping[str, Any]] | None = None,
    **fields: Any,
) -> Event:
    """Change a draft, or an approved event (times, room, speakers: members
    see the change, and its page is published again)."""
    current = APPROVAL.lock(event)
    scoping.require_perm(actor, Perm.CONTENT_EDIT, current.unit)
    if current.state not in (EventState.DRAFT, EventState.APPROVED):
        raise EventStateInvalid("Chỉ sửa được sự kiện ở bản nháp hoặc đã duyệt.")
    if current.state == EventState.APPROVED:
        scoping.require_perm(actor, Perm.CONTENT_APPROVE, current.unit)
    require_known_fields("event_update", fields, EDITABLE_FIELDS)
    before = apply_fields(current, fields)
    _validate(current)
    _set_children(
        current,
        list(speakers) if speakers is not None else None,
        list(agenda) if agenda is not None else None,
    )
    current.save()
    if current.state == EventState.APPROVED:
        event_page_publish(actor=actor, event=current)
    audit_record(
        actor=actor,
        action=AuditAction.EVENT_UPDATE,
        target=current,
        unit_path=current.unit.path,
        data={
            "changed": changed_fields(before, fields),
            "speakers": speakers is not None,
            "agenda": agenda is not None,
        },
    )
    return current


@transaction.atomic
def event_submit(*, actor: Actor, event: Event) -> Event:
    """Draft → waiting for the organising unit's approval."""
    return APPROVAL.submit(event, actor=actor)


@transaction.atomic
def event_approve(*, actor: Actor, event: Event) -> Event:
    """Waiting → approved: members of the subtree see it and may register;
    its page is published on the unit's site (when the unit has one);
    announces `events.event_approved` (campaigns drafts a directive to relay
    it down the tree when the event asks for it)."""
    recorded: dict[str, Any] = {}

    def publish(current: Event) -> dict[str, Any]:
        page = event_page_publish(actor=actor, event=current)
        recorded["page"] = page.pk if page is not None else None
        return recorded

    current = APPROVAL.approve(event, actor=actor, after=publish)
    domain_events.announce(
        EVENT_APPROVED,
        key=f"event:{current.pk}:approved",
        event_id=current.pk,
        unit_id=current.unit_id,
        page_id=recorded["page"],
        relay_down=current.relay_down,
    )
    return current


@transaction.atomic
def event_return(*, actor: Actor, event: Event, note: str) -> Event:
    """Waiting → draft, with the approver's note for the officer."""
    return APPROVAL.return_(event, actor=actor, note=note)


@transaction.atomic
def event_cancel(*, actor: Actor, event: Event, note: str = "") -> Event:
    """Any state → cancelled: registrations are kept, nobody may register or
    check in any more, and its public page is unpublished. An approved event
    cancelled announces `events.event_cancelled` (it no longer counts as held)."""

    def take_down(current: Event, previous_state: str) -> None:
        event_page_unpublish(actor=actor, event=current)
        if previous_state == EventState.APPROVED:
            domain_events.announce(
                EVENT_CANCELLED,
                key=f"event:{current.pk}:cancelled",
                event_id=current.pk,
                unit_id=current.unit_id,
            )

    return APPROVAL.cancel(event, actor=actor, note=note, after=take_down)
