"""Honours data for tests and the demo, built through the services."""

import datetime as dt
import io
from typing import Any

from django.utils import timezone

from lantoa.core.actors import SYSTEM, Actor
from lantoa.honours.choices import Theme
from lantoa.honours.models import HonourRound, Nomination
from lantoa.honours.services import nominations, rounds
from lantoa.org.public import Member, OrgUnit

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def round_open(
    unit: OrgUnit,
    *,
    title: str = "Tôn vinh đoàn viên tiêu biểu Tháng Công nhân",
    theme: str = Theme.WORKERS_MONTH,
    actor: Actor = SYSTEM,
    **fields: Any,
) -> HonourRound:
    created = rounds.round_create(
        actor=actor,
        unit=unit,
        title=title,
        theme=theme,
        nominations_close_on=timezone.localdate() + dt.timedelta(days=14),
        **fields,
    )
    rounds.round_submit(actor=actor, round_=created)
    return rounds.round_approve(actor=actor, round_=created)


def nominate(
    round_: HonourRound,
    unit: OrgUnit,
    member: Member,
    *,
    citation: str = "Hoàn thành xuất sắc nhiệm vụ vận hành an toàn 1.000 ngày.",
    submit: bool = True,
    actor: Actor = SYSTEM,
) -> Nomination:
    created = nominations.nomination_create(
        actor=actor, round_=round_, unit=unit, member=member, citation=citation
    )
    nominations.evidence_add(
        actor=actor,
        nomination=created,
        file=io.BytesIO(PDF),
        name="quyet-dinh-khen-thuong.pdf",
        size=len(PDF),
        caption="Quyết định khen thưởng của đơn vị",
    )
    if submit:
        return nominations.nomination_submit(actor=actor, nomination=created)
    return created
