"""Responses (docs/subsystems/incidents.md, "Response").

A response is drafted from a template and the facts that answer the claim,
submitted, approved by an approver of the handling unit who did not write
it (four eyes), and published: a channels `Post` (source "incident") is
created and scheduled on the chosen channels through the channels services,
and each person who reported through a tipline gets the reply privately
(one `ReporterReply` each, sent by a task after commit). Every step is on
the incident's timeline. Expired facts cannot be cited.
"""

from collections.abc import Sequence
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from lantoa.channels.choices import PostSource
from lantoa.channels.public import ChannelAccount, Post
from lantoa.channels.selectors import account_list_active_of_units
from lantoa.channels.services import posts as channel_posts
from lantoa.core.actors import Actor, actor_user_id
from lantoa.core.exceptions import InvalidInput, PermissionDenied
from lantoa.incidents import selectors
from lantoa.incidents.choices import (
    IncidentAction,
    NoticeKind,
    ResponseState,
    TimelineKind,
)
from lantoa.incidents.models import Fact, Incident, Notice, ReporterReply, Response
from lantoa.incidents.services.common import (
    incident_record,
    require_approve,
    require_edit,
)
from lantoa.incidents.services.incidents import first_response_record
from lantoa.incidents.tasks import reporter_reply_send_task

MAX_TEXT = 5000


def accounts_for_incident(incident: Incident) -> QuerySet[ChannelAccount]:
    """Active channels the response may go out on: the handling unit's and
    the incident unit's."""
    return account_list_active_of_units([incident.handling_unit, incident.unit])


def draft_text(incident: Incident, facts: Sequence[Fact]) -> str:
    """A starting text: who speaks, what is false, what is true, where it says so."""
    lines = [
        f"THÔNG TIN CHÍNH THỨC TỪ {incident.handling_unit.name.upper()}",
        "",
        "Thời gian gần đây trên mạng xã hội xuất hiện thông tin "
        f"«{(incident.claim or incident.title).strip()[:300]}». Đây là thông tin không chính xác.",
    ]
    for fact in facts:
        lines += ["", fact.statement]
        if fact.source_lines:
            lines.append("Nguồn: " + "; ".join(fact.source_lines))
    lines += [
        "",
        "Đề nghị đoàn viên, người lao động không chia sẻ thông tin chưa được kiểm chứng và theo "
        "dõi thông tin chính thức trên các kênh của công đoàn.",
    ]
    return "\n".join(lines)


def _lock(response: Response) -> Response:
    return (
        Response.objects.select_for_update(of=("self",))
        .select_related("incident__unit", "incident__handling_unit")
        .get(pk=response.pk)
    )


def _response_record(actor: Actor, response: Response, **entry: Any) -> None:
    """The response's line on its incident's timeline (and its audit entry)."""
    incident_record(
        incident=response.incident,
        actor=actor,
        kind=TimelineKind.RESPONSE,
        target=response,
        **entry,
    )


def _facts(incident: Incident, fact_ids: Sequence[int]) -> list[Fact]:
    facts = list(Fact.objects.filter(pk__in=fact_ids).select_related("unit"))
    serving = set(selectors.facts_serving(incident.unit).values_list("pk", flat=True))
    for fact in facts:
        if fact.pk not in serving:
            raise InvalidInput(
                f"Dữ kiện «{fact.statement[:80]}» đã hết hiệu lực hoặc không dùng được cho đơn vị này."
            )
    if len(facts) != len(set(fact_ids)):
        raise InvalidInput("Không tìm thấy dữ kiện đã chọn.")
    return facts


def _checked(
    incident: Incident, text: str, account_ids: Sequence[int], fact_ids: Sequence[int]
) -> tuple[str, list[Fact]]:
    """The response's text, trimmed, and its facts, after the checks that
    drafting and editing share."""
    if not incident.is_open:
        raise InvalidInput("Sự cố đã kết thúc xử lý.")
    text = (text or "").strip()
    if not text:
        raise InvalidInput("Nội dung phản hồi không được để trống.")
    if len(text) > MAX_TEXT:
        raise InvalidInput(f"Nội dung phản hồi dài quá {MAX_TEXT:,} ký tự.".replace(",", "."))
    allowed = set(accounts_for_incident(incident).values_list("pk", flat=True))
    if not set(account_ids) <= allowed:
        raise PermissionDenied("Kênh không thuộc đơn vị của sự cố.")
    return text, _facts(incident, fact_ids)


@transaction.atomic
def response_create(
    *,
    actor: Actor,
    incident: Incident,
    text: str,
    link: str = "",
    reply_text: str = "",
    account_ids: Sequence[int] = (),
    fact_ids: Sequence[int] = (),
) -> Response:
    """Save a draft response of an open incident."""
    incident = Incident.objects.select_related("unit", "handling_unit").get(pk=incident.pk)
    require_edit(actor=actor, unit=incident.handling_unit)
    text, facts = _checked(incident, text, account_ids, fact_ids)
    response = Response.objects.create(
        incident=incident,
        text=text,
        link=(link or "").strip(),
        reply_text=(reply_text or "").strip(),
        account_ids=sorted(set(account_ids)),
        created_by_id=actor_user_id(actor),
    )
    response.facts.set(facts)
    _response_record(
        actor,
        response,
        text="Soạn phản hồi" + (f" dựa trên {len(facts)} dữ kiện." if facts else "."),
        action=IncidentAction.RESPONSE_CREATE,
        data={"response_id": response.pk},
    )
    return response


@transaction.atomic
def response_update(
    *,
    actor: Actor,
    response: Response,
    text: str,
    link: str = "",
    reply_text: str = "",
    account_ids: Sequence[int] = (),
    fact_ids: Sequence[int] = (),
) -> Response:
    """Change a draft: a new one, or one the approver sent back for changes
    (its note stays until it is submitted again). A response waiting for
    approval, approved or published is not edited."""
    response = _lock(response)
    incident = response.incident
    require_edit(actor=actor, unit=incident.handling_unit)
    if response.state != ResponseState.DRAFT:
        raise InvalidInput("Chỉ sửa được bản nháp hoặc phản hồi đã được trả lại để sửa.")
    text, facts = _checked(incident, text, account_ids, fact_ids)
    before = {"text": response.text, "link": response.link, "reply_text": response.reply_text}
    response.text, response.link = text, (link or "").strip()
    response.reply_text = (reply_text or "").strip()
    response.account_ids = sorted(set(account_ids))
    response.save(update_fields=["text", "link", "reply_text", "account_ids", "updated_at"])
    response.facts.set(facts)
    changed = sorted(k for k, v in before.items() if v != getattr(response, k))
    _response_record(
        actor,
        response,
        text=(
            f"Sửa phản hồi theo yêu cầu «{response.return_note[:200]}»."
            if response.return_note
            else "Sửa bản nháp phản hồi."
        ),
        action=IncidentAction.RESPONSE_UPDATE,
        data={"response_id": response.pk, "changed": changed},
        audit_data={"changed": changed, "facts": [f.pk for f in facts]},
    )
    return response


@transaction.atomic
def response_submit(*, actor: Actor, response: Response) -> Response:
    """Send a draft for approval; the handling unit gets a notice."""
    response = _lock(response)
    incident = response.incident
    require_edit(actor=actor, unit=incident.handling_unit)
    if response.state != ResponseState.DRAFT:
        raise InvalidInput("Chỉ trình duyệt được bản nháp.")
    response.state, response.submitted_at = ResponseState.SUBMITTED, timezone.now()
    response.save(update_fields=["state", "submitted_at", "updated_at"])
    Notice.objects.create(
        unit=incident.handling_unit,
        kind=NoticeKind.RESPONSE_SUBMITTED,
        incident=incident,
        text=f"Phản hồi sự cố «{incident.title}» chờ duyệt."[:500],
    )
    _response_record(
        actor,
        response,
        text="Trình duyệt phản hồi.",
        action=IncidentAction.RESPONSE_SUBMIT,
    )
    return response


@transaction.atomic
def response_approve(*, actor: Actor, response: Response) -> Response:
    """An approver of the handling unit (or above), not the author, approves."""
    response = _lock(response)
    incident = response.incident
    require_approve(actor=actor, unit=incident.handling_unit)
    if response.state != ResponseState.SUBMITTED:
        raise InvalidInput("Chỉ duyệt được phản hồi đang chờ duyệt.")
    if response.created_by_id is not None and response.created_by_id == actor_user_id(actor):
        raise PermissionDenied("Người soạn không tự duyệt phản hồi của mình.")
    response.state, response.approved_at = ResponseState.APPROVED, timezone.now()
    response.approved_by_id = actor_user_id(actor)
    response.save(update_fields=["state", "approved_at", "approved_by", "updated_at"])
    _response_record(
        actor,
        response,
        text="Duyệt phản hồi.",
        action=IncidentAction.RESPONSE_APPROVE,
    )
    return response


@transaction.atomic
def response_return(*, actor: Actor, response: Response, note: str) -> Response:
    """Send a submitted response back to its author with a note."""
    response = _lock(response)
    incident = response.incident
    require_approve(actor=actor, unit=incident.handling_unit)
    if response.state != ResponseState.SUBMITTED:
        raise InvalidInput("Chỉ trả lại được phản hồi đang chờ duyệt.")
    note = (note or "").strip()
    if not note:
        raise InvalidInput("Hãy ghi điều cần sửa.")
    response.state, response.return_note = ResponseState.DRAFT, note
    response.save(update_fields=["state", "return_note", "updated_at"])
    _response_record(
        actor,
        response,
        text=f"Trả phản hồi để sửa: {note}",
        action=IncidentAction.RESPONSE_RETURN,
    )
    return response


def _post_carry_approval(*, response: Response, post: Post) -> None:
    """The response's post goes out as approved: its text was approved, four
    eyes, by an approver of the handling unit (the post's unit), so channels
    records that approver's decision on the post instead of asking again.
    An approver who may no longer approve leaves the post unapproved: only an
    approver can then publish it (channels refuses anyone else)."""
    approver = response.approved_by
    if approver is None or not channel_posts.post_can_approve(approver, post):
        return
    channel_posts.post_mark_approved(actor=approver, post=channel_posts.post_lock(post))


@transaction.atomic
def response_publish(*, actor: Actor, response: Response) -> Response:
    """Publish an approved response: a post scheduled now on its channels
    (through channels' services, which check each platform's limits), and a
    private reply queued for each tipline reporter. Starts the first-response
    clock. Idempotent per response: a published one is refused."""
    response = _lock(response)
    incident = (
        Incident.objects.select_for_update(of=("self",))
        .select_related("unit", "handling_unit")
        .get(pk=response.incident_id)
    )
    require_edit(actor=actor, unit=incident.handling_unit)
    if response.state != ResponseState.APPROVED:
        raise InvalidInput("Chỉ đăng được phản hồi đã duyệt.")
    accounts = list(accounts_for_incident(incident).filter(pk__in=response.account_ids))
    if response.account_ids and not accounts:
        raise InvalidInput("Các kênh đã chọn không còn hoạt động.")
    posted = ""
    if accounts:
        post = channel_posts.post_create(
            actor=actor,
            unit=incident.handling_unit,
            text=response.text,
            link=response.link,
            source=PostSource.INCIDENT,
            source_object=response,
        )
        _post_carry_approval(response=response, post=post)
        channel_posts.post_schedule(actor=actor, post=post, accounts=accounts)
        response.post = post
        posted = ", ".join(str(a) for a in accounts)
    now = timezone.now()
    response.state, response.published_at = ResponseState.PUBLISHED, now
    response.save(update_fields=["state", "published_at", "post", "updated_at"])
    first_response_record(actor=actor, incident=incident)
    incident_record(
        incident=incident,
        actor=actor,
        kind=TimelineKind.PUBLISHED,
        text=f"Đăng phản hồi lên {posted}." if posted else "Phát hành phản hồi (không đăng kênh).",
        action=IncidentAction.RESPONSE_PUBLISH,
        target=response,
        data={"response_id": response.pk, "post_id": response.post_id},
        audit_data={"channels": [a.pk for a in accounts]},
    )
    if response.reply_text:
        for report in incident.reports.filter(inbound_message__isnull=False):
            reply, created = ReporterReply.objects.get_or_create(
                report=report, response=response, defaults={"text": response.reply_text}
            )
            if created:
                transaction.on_commit(partial(reporter_reply_send_task.enqueue, reply_id=reply.pk))
    return response
