"""Members' questions for the speakers, sent before and during the event;
the organisers approve them before other members see them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantoa.core.actors import Actor, actor_user
from lantoa.core.audit import audit_record
from lantoa.events.choices import AuditAction, EventState, QuestionState
from lantoa.events.exceptions import NotEligible, QuestionsClosed
from lantoa.events.models import Event, Question
from lantoa.events.services.attendance import acts_for_member, is_eligible
from lantoa.org import scoping
from lantoa.org.choices import Perm
from lantoa.org.public import Member

MAX_QUESTIONS_PER_MEMBER = 5
MAX_LENGTH = 1000


@transaction.atomic
def question_ask(*, actor: Actor, event: Event, member: Member, text: str) -> Question:
    """The member's question, waiting for moderation. Open from approval to
    the end of the event, while the event takes questions; at most five per
    member and event."""
    if not acts_for_member(actor=actor, member=member):
        raise NotEligible("Chỉ đoàn viên tự gửi câu hỏi của mình.")
    current = Event.objects.select_related("unit").get(pk=event.pk)
    if (
        current.state != EventState.APPROVED
        or not current.questions_open
        or timezone.now() > current.ends_at
    ):
        raise QuestionsClosed()
    if not is_eligible(current, member):
        raise NotEligible()
    text = (text or "").strip()
    if len(text) < 5:
        raise ValidationError({"text": "Câu hỏi quá ngắn."})
    if len(text) > MAX_LENGTH:
        raise ValidationError({"text": f"Câu hỏi tối đa {MAX_LENGTH} ký tự."})
    asked = Question.objects.filter(event=current, member=member).count()
    if asked >= MAX_QUESTIONS_PER_MEMBER:
        raise QuestionsClosed(f"Mỗi đoàn viên gửi tối đa {MAX_QUESTIONS_PER_MEMBER} câu hỏi.")
    question = Question.objects.create(
        event=current, member=member, unit_path=member.unit_path, text=text
    )
    audit_record(
        actor=actor,
        action=AuditAction.QUESTION_ASK,
        target=question,
        unit_path=member.unit_path,
        data={"event": current.pk},
    )
    return question


@transaction.atomic
def question_moderate(*, actor: Actor, question: Question, state: str) -> Question:
    """Approve, reject or mark answered (content editing rights over the
    organising unit)."""
    current = (
        Question.objects.select_for_update(no_key=True)
        .select_related("event__unit")
        .get(pk=question.pk)
    )
    scoping.require_perm(actor, Perm.CONTENT_EDIT, current.event.unit)
    if state not in (QuestionState.APPROVED, QuestionState.REJECTED, QuestionState.ANSWERED):
        raise ValidationError({"state": "Trạng thái câu hỏi không hợp lệ."})
    before = current.state
    current.state = state
    current.moderated_by = actor_user(actor)
    current.moderated_at = timezone.now()
    current.save(update_fields=["state", "moderated_by", "moderated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.QUESTION_MODERATE,
        target=current,
        unit_path=current.event.unit.path,
        data={"from": before, "to": state},
    )
    return current
