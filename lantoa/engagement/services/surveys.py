"""Surveys and polls: anonymous or named responses, one per member; free-text
answers go on to listening (called downward, through its public service)."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from lantoa.core.actors import Actor
from lantoa.core.audit import audit_record
from lantoa.core.exceptions import InvalidInput
from lantoa.engagement.actors import ANONYMOUS_RESPONDENT
from lantoa.engagement.choices import AuditAction, PublishState, QuestionKind, SurveyKind
from lantoa.engagement.exceptions import AlreadyResponded, AnswerInvalid, NotOpen
from lantoa.engagement.models import (
    Survey,
    SurveyAnswer,
    SurveyOption,
    SurveyQuestion,
    SurveyResponse,
)
from lantoa.engagement.services.common import (
    require_member,
    transition,
)
from lantoa.listening.choices import OpinionSource
from lantoa.listening.services.intake import opinion_ingest
from lantoa.org import scoping
from lantoa.org.choices import Perm
from lantoa.org.public import Member, OrgUnit

MAX_TEXT = 4000


@transaction.atomic
def survey_create(
    *,
    actor: Actor,
    unit: OrgUnit,
    title: str,
    opens_at: datetime,
    closes_at: datetime,
    kind: str = SurveyKind.SURVEY,
    anonymous: bool = True,
    min_report_size: int = 5,
    description: str = "",
) -> Survey:
    scoping.require_perm(actor, Perm.CONTENT_EDIT, unit)
    if closes_at <= opens_at:
        raise InvalidInput("Thời điểm đóng phải sau thời điểm mở.")
    if min_report_size < 1:
        raise InvalidInput("Số trả lời tối thiểu để xem kết quả phải từ 1 trở lên.")
    survey = Survey.objects.create(
        unit=unit,
        title=title.strip(),
        description=description,
        kind=kind,
        anonymous=anonymous,
        min_report_size=min_report_size,
        opens_at=opens_at,
        closes_at=closes_at,
    )
    audit_record(actor=actor, action=AuditAction.SURVEY_CREATE, target=survey, unit_path=unit.path)
    return survey


@transaction.atomic
def survey_question_add(
    *,
    actor: Actor,
    survey: Survey,
    text: str,
    kind: str = QuestionKind.SINGLE,
    options: list[str] | None = None,
    required: bool = True,
) -> SurveyQuestion:
    scoping.require_perm(actor, Perm.CONTENT_EDIT, survey.unit)
    if survey.state != PublishState.DRAFT:
        raise InvalidInput("Chỉ thêm câu hỏi khi khảo sát còn là bản nháp.")
    options = [o.strip() for o in options or [] if o.strip()]
    if not text.strip():
        raise InvalidInput("Câu hỏi cần nội dung.")
    if kind != QuestionKind.TEXT and len(options) < 2:
        raise InvalidInput("Câu hỏi lựa chọn cần ít nhất hai phương án.")
    question = SurveyQuestion.objects.create(
        survey=survey,
        text=text.strip(),
        kind=kind,
        required=required,
        position=survey.questions.count(),
    )
    if kind != QuestionKind.TEXT:
        SurveyOption.objects.bulk_create(
            SurveyOption(question=question, text=t, position=i) for i, t in enumerate(options)
        )
    audit_record(
        actor=actor,
        action=AuditAction.SURVEY_QUESTION_ADD,
        target=survey,
        unit_path=survey.unit.path,
        data={"question": question.pk},
    )
    return question


@transaction.atomic
def survey_submit(*, actor: Actor, survey: Survey) -> Survey:
    if not survey.questions.exists():
        raise InvalidInput("Khảo sát chưa có câu hỏi.")
    transition(actor=actor, obj=survey, to=PublishState.PENDING, action=AuditAction.SURVEY_SUBMIT)
    return survey


@transaction.atomic
def survey_approve(*, actor: Actor, survey: Survey) -> Survey:
    transition(actor=actor, obj=survey, to=PublishState.APPROVED, action=AuditAction.SURVEY_APPROVE)
    return survey


@transaction.atomic
def survey_close(*, actor: Actor, survey: Survey) -> Survey:
    transition(actor=actor, obj=survey, to=PublishState.CLOSED, action=AuditAction.SURVEY_CLOSE)
    return survey


def respondent_key(survey: Survey, member: Member) -> str:
    """Who answered, as a keyed hash only this deployment can make."""
    return salted_hmac(
        "lantoa.engagement.survey", f"{survey.pk}:{member.pk}", algorithm="sha256"
    ).hexdigest()


def has_responded(survey: Survey, member: Member) -> bool:
    return SurveyResponse.objects.filter(
        survey=survey, respondent_key=respondent_key(survey, member)
    ).exists()


def _clean(
    questions: list[SurveyQuestion], answers: dict[int, list[int] | str]
) -> list[SurveyAnswer]:
    rows: list[SurveyAnswer] = []
    known = {q.pk for q in questions}
    if set(answers) - known:
        raise AnswerInvalid("Câu trả lời không thuộc khảo sát này.")
    for q in questions:
        given = answers.get(q.pk)
        if q.kind == QuestionKind.TEXT:
            text = str(given or "").strip()[:MAX_TEXT]
            if text:
                rows.append(SurveyAnswer(question=q, text=text))
            elif q.required:
                raise AnswerInvalid(f"Vui lòng trả lời câu: {q.text[:80]}")
            continue
        ids = [int(i) for i in given] if isinstance(given, list) else []
        valid = {o.pk for o in q.options.all()}
        if any(i not in valid for i in ids) or len(set(ids)) != len(ids):
            raise AnswerInvalid()
        if q.kind == QuestionKind.SINGLE and len(ids) > 1:
            raise AnswerInvalid(f"Câu này chỉ chọn một phương án: {q.text[:80]}")
        if not ids and q.required:
            raise AnswerInvalid(f"Vui lòng trả lời câu: {q.text[:80]}")
        rows.extend(SurveyAnswer(question=q, option_id=i) for i in ids)
    return rows


@transaction.atomic
def survey_respond(
    *, actor: Actor, survey: Survey, member: Member, answers: dict[int, list[int] | str]
) -> SurveyResponse:
    """Store the member's one response. Choice questions take a list of
    option ids, free-text questions a text. An anonymous survey keeps no
    trace of the member on the response (nor in the audit log); free texts
    become opinions of the member's unit in listening."""
    survey = Survey.objects.select_related("unit").get(pk=survey.pk)
    require_member(actor=actor, member=member, unit=survey.unit)
    now = timezone.now()
    if survey.state != PublishState.APPROVED or not survey.opens_at <= now < survey.closes_at:
        raise NotOpen("Khảo sát chưa mở hoặc đã kết thúc.")
    questions = list(survey.questions.prefetch_related("options"))
    rows = _clean(questions, answers)
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey=survey,
                respondent_key=respondent_key(survey, member),
                member=None if survey.anonymous else member,
                unit_id=member.unit_id,
                unit_path=member.unit_path,
                submitted_at=now,
            )
    except IntegrityError as exc:
        raise AlreadyResponded() from exc
    for row in rows:
        row.response = response
    SurveyAnswer.objects.bulk_create(rows)
    for row in rows:
        if row.text:
            opinion_ingest(
                unit=member.unit,
                source=OpinionSource.SURVEY,
                source_key=f"engagement.survey:{survey.pk}:{response.pk}:{row.question_id}",
                text=row.text,
                received_at=now,
                author_ref="" if survey.anonymous else f"member:{member.pk}",
            )
    audit_record(
        actor=ANONYMOUS_RESPONDENT if survey.anonymous else actor,
        action=AuditAction.SURVEY_RESPOND,
        target=survey,
        unit_path=survey.unit.path if survey.anonymous else member.unit_path,
        data={} if survey.anonymous else {"member": member.pk},
    )
    return response
