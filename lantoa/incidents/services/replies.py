"""Answers to the people who reported (worker side: talks to platforms,
never enqueues). A reply is a row first (`ReporterReply`), sent once."""

from django.db import transaction
from django.utils import timezone

from lantoa.channels.services.moderation import inbound_message_answer_privately
from lantoa.core.actors import Actor
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import InvalidInput
from lantoa.incidents.choices import IncidentAction, TimelineKind
from lantoa.incidents.models import ReporterReply
from lantoa.incidents.services.common import timeline_add


def reporter_reply_send(*, actor: Actor, reply_id: int) -> ReporterReply | None:
    """Send one reply through the channel the tip came from. Idempotent: a
    reply already sent is skipped; a refusal is kept on the row and the
    timeline (a person can answer another way)."""
    reply = (
        ReporterReply.objects.select_related(
            "report__inbound_message__account__unit", "report__incident", "report__unit"
        )
        .filter(pk=reply_id)
        .first()
    )
    if reply is None or reply.sent_at is not None or reply.report.inbound_message is None:
        return reply
    with transaction.atomic():
        claimed = ReporterReply.objects.select_for_update(of=("self",)).get(pk=reply.pk)
        if claimed.sent_at is not None:
            return claimed
    message = reply.report.inbound_message
    try:
        reply.external_id = inbound_message_answer_privately(
            actor=actor, message=message, text=reply.text
        )
        reply.sent_at, reply.error = timezone.now(), ""
        sentence = f"Đã trả lời người báo tin qua {message.account}."
    except InvalidInput as exc:
        reply.error = exc.message[:500]
        sentence = f"Chưa trả lời được người báo tin qua {message.account}: {exc.message}"
    with transaction.atomic():
        reply.save(update_fields=["external_id", "sent_at", "error"])
        incident = reply.report.incident
        if incident is not None:
            timeline_add(incident=incident, actor=actor, kind=TimelineKind.REPLY, text=sentence)
        audit_record(
            actor=actor,
            action=IncidentAction.REPORTER_REPLY,
            target=reply.report,
            unit_path=reply.report.unit.path,
            data={"sent": reply.sent_at is not None, "error": reply.error},
        )
    return reply
