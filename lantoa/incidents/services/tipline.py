"""Tiplines: members' tips through the union's messaging channels
(docs/subsystems/incidents.md, "Intake").

A channel account declared as a tipline (`Tipline`) turns each private
message it receives (containing the keyword, when one is set) into a
report of the tipline's unit, once per message; the reporter can be thanked
at once and answered when the union publishes its response."""

import re
from functools import partial

from django.db import transaction

from lantoa.channels.public import ChannelAccount, InboundMessage
from lantoa.channels.selectors import inbound_message_get
from lantoa.core.actors import Actor
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import InvalidInput
from lantoa.core.text import search_key
from lantoa.incidents.choices import IncidentAction, ReportSource
from lantoa.incidents.models import Report, ReporterReply, Tipline
from lantoa.incidents.services.common import require_edit
from lantoa.incidents.services.intake import report_create
from lantoa.incidents.tasks import reporter_reply_send_task
from lantoa.org.public import OrgUnit

URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)


@transaction.atomic
def tipline_save(
    *,
    actor: Actor,
    account: ChannelAccount,
    unit: OrgUnit,
    keyword: str = "",
    acknowledgement: str = "",
    active: bool = True,
) -> Tipline:
    """Declare (or change) `account` as a tipline of `unit`. The channel must
    be the unit's own or one of a unit above it (a union's OA takes the tips
    of its whole subtree)."""
    require_edit(actor=actor, unit=unit)
    if not unit.path.startswith(account.unit.path):
        raise InvalidInput("Kênh phải là kênh của đơn vị này hoặc của đơn vị cấp trên.")
    tipline, _ = Tipline.objects.update_or_create(
        account=account,
        defaults={
            "unit": unit,
            "keyword": keyword.strip()[:40],
            "acknowledgement": acknowledgement.strip(),
            "active": active,
        },
    )
    audit_record(
        actor=actor,
        action=IncidentAction.TIPLINE_SAVE,
        target=tipline,
        unit_path=unit.path,
        data={"account": account.pk, "keyword": tipline.keyword, "active": active},
    )
    return tipline


def tipline_message_take(*, actor: Actor, message_id: int) -> Report | None:
    """The private message `message_id` as a report, if it reached an active
    tipline (and carries its keyword). Idempotent: one report per message."""
    message = inbound_message_get(message_id)
    if message is None or message.kind != InboundMessage.Kind.MESSAGE:
        return None
    tipline = (
        Tipline.objects.select_related("unit")
        .filter(account_id=message.account_id, active=True)
        .first()
    )
    if tipline is None or not message.text.strip():
        return None
    if tipline.keyword and search_key(tipline.keyword) not in search_key(message.text):
        return None
    key = f"inbound:{message.pk}"
    existing = Report.objects.filter(source_key=key).first()
    if existing is not None:
        return existing
    found = URL.search(message.text)
    with transaction.atomic():
        report = report_create(
            actor=actor,
            unit=tipline.unit,
            source=ReportSource.TIPLINE,
            text=message.text,
            url=found.group(0).rstrip(".,;)") if found else "",
            reporter_name=message.author_name,
            source_key=key,
            received_at=message.created_at,
            inbound_message_id=message.pk,
        )
        if tipline.acknowledgement:
            reply = ReporterReply.objects.create(report=report, text=tipline.acknowledgement)
            transaction.on_commit(partial(reporter_reply_send_task.enqueue, reply_id=reply.pk))
    return report
