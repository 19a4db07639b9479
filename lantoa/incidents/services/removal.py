"""Asking platforms to take harmful content down (docs/subsystems/incidents.md,
"Removal").

Where the platform's API allows it, Lantoa does it itself, through the
channels app (called downward): a comment under one of our own Facebook
Pages' posts can be hidden or deleted, a comment in our Telegram channel's
discussion group deleted (within 48 hours, when the bot may delete there).
Content that is not under our own channels (a stranger's post, a Zalo group,
a TikTok video) has no API for us: the officer reports it through the
platform's own form and records that here, with the form's reference.

Every attempt is on the incident's timeline and in the audit log, refusals
by the platform included (a refusal is a fact of the case: the Page lacks a
permission, the 48 hours are over).
"""

from django.db import transaction

from lantoa.channels.public import InboundMessage
from lantoa.channels.services import moderation as channel_moderation
from lantoa.core.actors import Actor
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.incidents.choices import IncidentAction, RemovalMethod, TimelineKind
from lantoa.incidents.models import Incident, Report, TimelineEntry
from lantoa.incidents.services.common import require_edit, timeline_add
from lantoa.listening.services.moderation import opinion_source_message

MAX_NOTE = 1000


def report_message(report: Report) -> InboundMessage | None:
    """The comment on one of our channels that the report is about, if any
    (a tipline's private message is the reporter's own, never removed)."""
    message = report.inbound_message
    if message is not None and message.kind != InboundMessage.Kind.MESSAGE:
        return message
    if report.opinion is not None:
        return opinion_source_message(report.opinion)
    return None


def _deleted(report: Report) -> bool:
    if report.incident_id is None:
        return False
    return TimelineEntry.objects.filter(
        incident_id=report.incident_id,
        kind=TimelineKind.REMOVAL,
        data__report_id=report.pk,
        data__method=RemovalMethod.DELETE,
        data__ok=True,
    ).exists()


def removal_options(report: Report) -> list[str]:
    """What can be done about the report's content now, in the order offered."""
    options: list[str] = []
    message = report_message(report)
    if message is not None and not _deleted(report):
        if channel_moderation.can_hide(message):
            options.append(RemovalMethod.HIDE)
        if channel_moderation.can_delete(message):
            options.append(RemovalMethod.DELETE)
    # Reporting to the platform by hand is always possible (a fake account
    # named in the text is reported as well as a link).
    options.append(RemovalMethod.PLATFORM_REPORT)
    return options


def _platform_call(actor: Actor, method: str, message: InboundMessage) -> tuple[bool, str]:
    """Hide or delete through channels; (done, the platform's refusal)."""
    try:
        if method == RemovalMethod.HIDE:
            channel_moderation.inbound_message_hide(actor=actor, message=message)
        else:
            channel_moderation.inbound_message_delete(actor=actor, message=message)
    except PermissionDenied as exc:
        raise PermissionDenied(
            f"Kênh «{message.account}» thuộc {message.account.unit.name}: chỉ cán bộ của đơn vị "
            "đó hoặc cấp trên được ẩn, xoá bình luận trên kênh."
        ) from exc
    except InvalidInput as exc:
        return False, exc.message
    return True, ""


def removal_request(*, actor: Actor, report: Report, method: str, note: str = "") -> TimelineEntry:
    """Ask the platform to take the content of `report` (a report of an
    incident) down by `method`, or record that the officer asked through the
    platform's own form. Returns the timeline entry; `entry.data["ok"]` is
    False when the platform refused (the refusal is recorded too)."""
    report = Report.objects.select_related(
        "incident__unit", "inbound_message__account__unit", "opinion"
    ).get(pk=report.pk)
    incident = report.incident
    if incident is None:
        raise InvalidInput("Tin báo chưa được đưa vào sự cố nào.")
    require_edit(actor=actor, unit=incident.unit)
    if not incident.is_open:
        raise InvalidInput("Sự cố đã kết thúc xử lý.")
    if method not in RemovalMethod.values:
        raise InvalidInput("Cách đề nghị gỡ nội dung không hợp lệ.")
    if method not in removal_options(report):
        raise InvalidInput(
            "Nền tảng không cho phép làm việc này qua API với nội dung của tin báo "
            "(nội dung không nằm trên kênh của công đoàn, hoặc đã được ẩn, xoá)."
        )
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise InvalidInput(f"Ghi chú dài quá {MAX_NOTE} ký tự.")
    label = RemovalMethod(method).label
    data: dict[str, object] = {"report_id": report.pk, "method": method, "ok": True}
    if method == RemovalMethod.PLATFORM_REPORT:
        if not note:
            raise InvalidInput("Hãy ghi đã báo cáo qua đâu, khi nào, mã báo cáo nếu có.")
        text = f"Đã báo cáo vi phạm với nền tảng: {note}"
    else:
        message = report_message(report)
        if message is None:  # gone since removal_options looked
            raise InvalidInput("Không còn tìm thấy bình luận của tin báo.")
        # The platform is called outside any transaction (channels' rule).
        ok, refusal = _platform_call(actor, method, message)
        platform = message.get_platform_display()
        data |= {"ok": ok, "message_id": message.pk, "platform": message.platform}
        if ok:
            done = "Đã ẩn" if method == RemovalMethod.HIDE else "Đã xoá"
            text = f"{done} bình luận trên {platform}: «{message.text[:200]}»"
        else:
            data["refusal"] = refusal
            text = f"{label} — {platform} từ chối: {refusal}"
        if note:
            text += f" ({note})"
    return _record(actor=actor, incident=incident, text=text, data=data)


@transaction.atomic
def _record(
    *, actor: Actor, incident: Incident, text: str, data: dict[str, object]
) -> TimelineEntry:
    entry = timeline_add(
        incident=incident, actor=actor, kind=TimelineKind.REMOVAL, text=text[:5000], data=data
    )
    audit_record(
        actor=actor,
        action=IncidentAction.REMOVAL_REQUEST,
        target=incident,
        unit_path=incident.unit.path,
        data=data,
    )
    return entry
